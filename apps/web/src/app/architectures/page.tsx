import { Suspense } from "react";
import { ArchitecturesView } from "./architectures-view";

export default function Page() {
  return (
    <Suspense>
      <ArchitecturesView />
    </Suspense>
  );
}
