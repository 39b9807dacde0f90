import { Suspense } from "react";
import { CompareRunsView } from "./compare-runs-view";

export default function Page() {
  return (
    <Suspense>
      <CompareRunsView />
    </Suspense>
  );
}
