import { Suspense } from "react";
import { GeneralizationView } from "./generalization-view";

export default function Page() {
  return (
    <Suspense>
      <GeneralizationView />
    </Suspense>
  );
}
