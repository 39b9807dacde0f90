"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { compact, meanStd, megabytes } from "../../client/format";
import { useScope } from "../../client/scope-picker";
import { Empty, QueryState } from "../../client/state";
import { TableWrap, Truncated } from "../../client/truncated";
import { useTRPC } from "../../client/trpc";

export function ArchitecturesView() {
  const trpc = useTRPC();
  const [scope, picker] = useScope();
  const result = useQuery(trpc.compare.architectures.queryOptions(scope, { placeholderData: (prev) => prev }));
  return (
    <>
      <h1>Architectures</h1>
      <p className="lead">
        Size, cost and accuracy per architecture and recipe: parameters, multiply-adds per image, training throughput
        (forward + backward + step, mean over seeds), the tensors' peak memory (weights, gradients, optimizer state and
        activations), and final top-1 as mean ± std over seeds. The training process's peak resident memory is shown
        apart: it is mostly the runtime (Node.js, TensorFlow.js, the data set), not the architecture.
      </p>
      {picker}
      <QueryState isPending={result.isPending} error={result.error}>
        {result.data &&
          (result.data.length === 0 ? (
            <Empty>No finished runs in this scope.</Empty>
          ) : (
            <TableWrap>
              <table data-testid="arch-table">
                <thead>
                  <tr>
                    <th>Arch</th>
                    <th>Recipe</th>
                    <th>Dataset</th>
                    <th className="num">Params</th>
                    <th className="num">FLOPs / image</th>
                    <th className="num">Images/s</th>
                    <th
                      className="num"
                      title="High-water mark of the tensors (TensorFlow.js memory): the model's footprint"
                    >
                      Tensor peak (MB)
                    </th>
                    <th
                      className="num"
                      title="Peak resident set size of the whole training process (Node.js, TensorFlow.js, data): not a property of the architecture"
                    >
                      Process peak RSS (MB)
                    </th>
                    <th className="num">n</th>
                    <th className="num">Collapsed</th>
                    <th className="num">Val top-1 (%)</th>
                    <th className="num">v2 top-1 (%)</th>
                  </tr>
                </thead>
                <tbody>
                  {result.data.map((row) => (
                    <tr key={`${row.key.arch}|${row.key.recipeHash}|${row.key.dataset}`} data-arch={row.key.arch}>
                      <td>{row.key.arch}</td>
                      <td>
                        <Link href={`/recipes?path=${row.key.recipeHash}`}>
                          <Truncated text={row.recipeLabel.short} full={row.recipeLabel.full} />
                        </Link>
                      </td>
                      <td>{row.key.dataset}</td>
                      <td className="num" data-stat="params">
                        {compact(row.params)}
                      </td>
                      <td className="num">{compact(row.flops)}</td>
                      <td className="num">
                        {Number.isFinite(row.imagesPerSecond) ? row.imagesPerSecond.toFixed(1) : "–"}
                      </td>
                      <td className="num" data-stat="tensor-peak">
                        {megabytes(row.tensorPeakMb)}
                      </td>
                      <td className="num" data-stat="process-peak">
                        {megabytes(row.processPeakRssMb)}
                      </td>
                      <td className="num">{row.stats.val.n}</td>
                      <td className="num" data-stat="collapsed">
                        {row.collapsed}
                      </td>
                      <td className="num" data-stat="val">
                        {meanStd(row.stats.val.mean, row.stats.val.std)}
                      </td>
                      <td className="num" data-stat="v2">
                        {meanStd(row.stats.v2.mean, row.stats.v2.std)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ))}
      </QueryState>
    </>
  );
}
