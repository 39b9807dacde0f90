import { SingleBar } from "cli-progress";

/** A progress bar over the runs being written, on a terminal only (logs and pipes get the summary alone). */
export class ImportProgress {
  private readonly bar: SingleBar | null;

  constructor(total: number, interactive = process.stderr.isTTY === true) {
    this.bar =
      interactive && total > 0
        ? new SingleBar({
            format: "import |{bar}| {value}/{total} runs | {input}",
            hideCursor: true,
            stream: process.stderr,
            barsize: 24,
          })
        : null;
    this.bar?.start(total, 0, { input: "" });
  }

  tick(input: string): void {
    this.bar?.increment(1, { input });
  }

  stop(): void {
    this.bar?.stop();
  }
}
