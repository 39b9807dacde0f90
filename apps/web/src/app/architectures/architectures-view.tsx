"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { compact, meanStd } from "../../client/format";
import { useScope } from "../../client/scope-picker";
import { Empty, QueryState } from "../../client/state";
import { useTRPC } from "../../client/trpc";

export function ArchitecturesView() {
  const trpc = useTRPC();
  const [scope, picker] = useScope();
  const result = useQuery(trpc.compare.architectures.queryOptions(scope, { placeholderData: (prev) => prev }));
  return (
    <>
      <h1>Architectures</h1>
      <p className="lead">Size, cost and accuracy per architecture and recipe: parameters, multiply-adds per image, training throughput (forward + backward + step, mean over seeds), peak memory, and final top-1 as mean ± std over seeds.</p>
      {picker}
      <QueryState isPending={result.isPending} error={result.error}>
        {result.data && (result.data.length === 0 ? <Empty>No finished runs in this scope.</Empty> : (
          <table data-testid="arch-table">
            <thead>
              <tr><th>Arch</th><th>Recipe</th><th>Dataset</th><th className="num">Params</th><th className="num">FLOPs / image</th><th className="num">Images/s</th><th className="num">Peak memory (MB)</th><th className="num">n</th><th className="num">Val top-1 (%)</th><th className="num">v2 top-1 (%)</th></tr>
            </thead>
            <tbody>
              {result.data.map((row) => (
                <tr key={`${row.key.arch}|${row.key.recipeHash}|${row.key.dataset}`} data-arch={row.key.arch}>
                  <td>{row.key.arch}</td>
                  <td title={row.recipeName ?? row.key.recipeHash}><Link href={`/recipes?path=${row.key.recipeHash}`}>{row.recipeLabel}</Link></td>
                  <td>{row.key.dataset}</td>
                  <td className="num" data-stat="params">{compact(row.params)}</td>
                  <td className="num">{compact(row.flops)}</td>
                  <td className="num">{Number.isFinite(row.imagesPerSecond) ? row.imagesPerSecond.toFixed(1) : "–"}</td>
                  <td className="num">{Number.isFinite(row.peakMemoryMb) ? row.peakMemoryMb.toFixed(0) : "–"}</td>
                  <td className="num">{row.stats.val.n}</td>
                  <td className="num" data-stat="val">{meanStd(row.stats.val.mean, row.stats.val.std)}</td>
                  <td className="num" data-stat="v2">{meanStd(row.stats.v2.mean, row.stats.v2.std)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </QueryState>
    </>
  );
}
