import { Suspense } from "react";
import { CompareView } from "./compare-view";

export default function Page() {
  return (
    <Suspense>
      <CompareView />
    </Suspense>
  );
}
