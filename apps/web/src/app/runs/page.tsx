import { Suspense } from "react";
import { RunsView } from "./runs-view";

export default function Page() {
  return (
    <Suspense>
      <RunsView />
    </Suspense>
  );
}
