import { Suspense } from "react";
import { MatrixView } from "./matrix-view";

export default function Page() {
  return (
    <Suspense>
      <MatrixView />
    </Suspense>
  );
}
