import { Suspense } from "react";
import { RecipesView } from "./recipes-view";

export default function Page() {
  return (
    <Suspense>
      <RecipesView />
    </Suspense>
  );
}
