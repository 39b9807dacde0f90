import { Suspense } from "react";
import { SeedStudyView } from "./seed-study-view";

export default function Page() {
  return (
    <Suspense>
      <SeedStudyView />
    </Suspense>
  );
}
