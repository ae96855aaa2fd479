/**
 * A progress bar with rate and ETA on stderr, only when stderr is a terminal,
 * the run is long (over a second) and --quiet is not given: CI logs stay clean.
 */
import { SingleBar } from "cli-progress";
import type { CliIo } from "./io.js";

export interface Progress {
  /** Rows decided so far (optional: counted by calls when omitted). */
  update(rows?: number): void;
  stop(): void;
}

const bytesPerLead = 1000;
const silent: Progress = { update: () => {}, stop: () => {} };

/** `doing` names the work on the bar: "simulating", "comparing". */
export function createProgress(io: CliIo, quiet: boolean, fileBytes: number, doing = "simulating"): Progress {
  if (quiet || !io.isTty) return silent;
  const started = Date.now();
  let bar: SingleBar | undefined;
  let counted = 0;
  return {
    update(rows) {
      counted = rows ?? counted + 1000;
      if (!bar && Date.now() - started < 1000) return;
      if (!bar) {
        bar = new SingleBar({
          format: `${doing} {bar} {value} leads | {rate} leads/s | ETA {eta_formatted}`,
          stream: process.stderr,
          hideCursor: true,
          etaBuffer: 50,
        });
        bar.start(counted, counted, { rate: 0 });
      }
      const seconds = (Date.now() - started) / 1000;
      // The total is estimated from the file size: lead exports run at about 1 KB per lead.
      const estimate = Math.max(counted, Math.round(fileBytes / bytesPerLead));
      bar.setTotal(estimate);
      bar.update(counted, { rate: Math.round(counted / Math.max(seconds, 0.001)) });
    },
    stop() {
      bar?.stop();
    },
  };
}
