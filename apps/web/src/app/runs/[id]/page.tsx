import { Suspense } from "react";
import { RunView } from "./run-view";

export default function Page() {
  return (
    <Suspense>
      <RunView />
    </Suspense>
  );
}
