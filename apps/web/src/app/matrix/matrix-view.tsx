"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { compareHref } from "../compare/group-param";
import { Fragment } from "react";
import { meanStd, pValue, signed } from "../../client/format";
import { useScope } from "../../client/scope-picker";
import { useUrlState } from "../../client/search-params";
import { Empty, QueryState } from "../../client/state";
import { TableWrap, Truncated } from "../../client/truncated";
import { useTRPC } from "../../client/trpc";

export function MatrixView() {
  const trpc = useTRPC();
  const [scope, picker] = useScope();
  const [params, setParams] = useUrlState();
  const correction = params.get("correction") === "bh" ? "bh" : "holm";
  const result = useQuery(
    trpc.compare.matrix.queryOptions({ ...scope, correction }, { placeholderData: (prev) => prev }),
  );
  const data = result.data;
  const recipeOf = (hash: string) =>
    data?.recipes.find((r) => r.hash === hash) ?? { hash, label: hash.slice(0, 12), title: hash };
  const recipeName = (hash: string) => {
    const r = recipeOf(hash);
    return <Truncated text={r.label} full={r.title} />;
  };
  return (
    <>
      <h1>Architecture × recipe</h1>
      <p className="lead">
        Final top-1 (%) as mean ± std over seeds (n). Below, every pair of cells in a row (two recipes, one
        architecture) or a column (two architectures, one recipe) with Welch's t-test on each split; highlighted where
        val and v2 disagree — they order the pair differently, or only one finds the difference significant (adjusted p
        &lt; 0.05, see below). A pair with a single seed in a cell cannot be tested and says so.
      </p>
      {picker}
      <div className="filters">
        <label>
          Correction for many pairs
          <select
            name="correction"
            value={correction}
            onChange={(e) => setParams({ correction: e.target.value === "bh" ? "bh" : null })}
          >
            <option value="holm">Holm (family-wise error)</option>
            <option value="bh">Benjamini–Hochberg (false discovery rate)</option>
          </select>
        </label>
      </div>
      <QueryState isPending={result.isPending} error={result.error}>
        {data &&
          (data.cells.length === 0 ? (
            <Empty>No finished runs in this scope.</Empty>
          ) : (
            <>
              {data.datasets.length > 1 && !scope.dataset && (
                <p className="muted">Showing dataset {data.datasets[0]}; pick another above.</p>
              )}
              <TableWrap>
                <table data-testid="matrix">
                  <thead>
                    <tr>
                      <th>arch \ recipe</th>
                      {data.recipes.map((r) => (
                        <th key={r.hash}>
                          <Truncated text={r.label} full={`${r.title} (${r.hash.slice(0, 12)})`} />
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {data.archs.map((arch) => (
                      <tr key={arch}>
                        <th>{arch}</th>
                        {data.recipes.map((r) => {
                          const cell = data.cells.find((c) => c.arch === arch && c.recipeHash === r.hash);
                          return (
                            <td key={r.hash} data-cell={`${arch}|${r.hash}`}>
                              {cell ? (
                                <>
                                  <div className="split-val" data-stat="val">
                                    val {meanStd(cell.stats.val.mean, cell.stats.val.std)}
                                  </div>
                                  <div className="split-v2" data-stat="v2">
                                    v2 {meanStd(cell.stats.v2.mean, cell.stats.v2.std)}
                                  </div>
                                  <div className="muted" data-stat="n">
                                    n = {cell.stats.val.n}
                                    {cell.collapsed > 0 ? `, ${cell.collapsed} collapsed` : ""}
                                  </div>
                                </>
                              ) : (
                                "–"
                              )}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              <h2>Pairwise significance</h2>
              <p className="muted" data-testid="matrix-correction">
                p: Welch's two-sided test of the pair alone; p adj.: {data.correction.description} across the{" "}
                {data.correction.tests} testable pairs of this table, per split — the highlight and the verdict use it.
                g: Hedges' g (difference in pooled standard deviations).
              </p>
              {data.pairs.length === 0 ? (
                <Empty>No row or column has two cells to compare.</Empty>
              ) : (
                <TableWrap>
                  <table data-testid="matrix-pairs">
                    <thead>
                      <tr>
                        <th>Along</th>
                        <th>Within</th>
                        <th>A</th>
                        <th>B</th>
                        <th className="num">val A − B</th>
                        <th className="num">val p</th>
                        <th className="num">val p adj.</th>
                        <th className="num">val g</th>
                        <th className="num">v2 A − B</th>
                        <th className="num">v2 p</th>
                        <th className="num">v2 p adj.</th>
                        <th className="num">v2 g</th>
                        <th>Val and v2</th>
                        <th></th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.pairs.map((p) => {
                        const c = p.comparison;
                        const disagree = c.orderFlips || c.significanceDiffers;
                        const verdict = !c.testable
                          ? `untestable (${c.untestableReason})`
                          : c.orderFlips
                            ? "disagree: opposite order"
                            : c.significanceDiffers
                              ? "disagree: significant on one split only"
                              : "agree";
                        const name = (x: string) => (p.along === "row" ? recipeName(x) : x);
                        return (
                          <tr
                            key={`${p.along}|${p.within}|${p.a}|${p.b}`}
                            className={!c.testable ? "untestable" : disagree ? "disagree" : undefined}
                            data-pair={`${p.along}|${p.within}|${p.a}|${p.b}`}
                          >
                            <td>{p.along === "row" ? "recipes" : "architectures"}</td>
                            <td>{p.along === "row" ? p.within : recipeName(p.within)}</td>
                            <td>{name(p.a)}</td>
                            <td>{name(p.b)}</td>
                            {(["val", "v2"] as const).map((split) => (
                              <Fragment key={split}>
                                <td className="num">{signed(c[split].difference)}</td>
                                <td
                                  className="num"
                                  data-stat={`${split}-p`}
                                  title={`Welch t = ${c[split].t.toFixed(3)}, df = ${c[split].df.toFixed(1)}`}
                                >
                                  {pValue(c[split].pValue)}
                                </td>
                                <td className={`num${c[split].significant ? " sig" : ""}`} data-stat={`${split}-padj`}>
                                  {pValue(c[split].adjustedP)}
                                </td>
                                <td className="num" data-stat={`${split}-g`}>
                                  {signed(c[split].hedgesG)}
                                </td>
                              </Fragment>
                            ))}
                            <td data-stat="verdict">{verdict}</td>
                            <td>
                              {c.testable && data.dataset ? (
                                <Link data-compare href={pairHref(p, data.dataset)}>
                                  compare
                                </Link>
                              ) : null}
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </TableWrap>
              )}
            </>
          ))}
      </QueryState>
    </>
  );
}

/** The comparison page for one pair of cells: the two groups of seeds side by side. */
function pairHref(p: { along: "row" | "column"; within: string; a: string; b: string }, dataset: string): string {
  const group = (recipeHash: string, arch: string) => ({ recipeHash, arch, dataset });
  return p.along === "row"
    ? compareHref(group(p.a, p.within), group(p.b, p.within))
    : compareHref(group(p.within, p.a), group(p.within, p.b));
}
