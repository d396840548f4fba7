// The bench's measuring tools: autocannon loads counted in windows of steady load, and two
// figures measured in alternating rounds so that a ratio is not the VM's drift.
import autocannon from "autocannon";

export const seconds = Number(process.env.BENCH_SECONDS ?? 5);
/**
 * Each ratio's two sides are measured in alternating rounds, not one after the other: this VM's
 * speed drifts by a fifth within seconds, which moved a sequential ratio (user.me against
 * auth.config) between 54 % and 85 % from run to run.
 */
const rounds = 5;

export function report(label: string, value: string, verdict?: boolean) {
  const mark = verdict === undefined ? "" : verdict ? "  ok" : "  MISSES TARGET";
  console.log(`${label.padEnd(64)} ${value.padStart(11)}${mark}`);
}

/** Hooks that a Measure calls as its measured window opens and closes. */
export interface WindowWatcher {
  opened(): void;
  closed(answered: number): void;
}

export function load(options: autocannon.Options) {
  return autocannon({ duration: seconds, ...options });
}

/** One round of a figure: successes and anything else within its measured window, and its seconds. */
export interface Round {
  answered: number;
  refused: number;
  elapsed: number;
}
export type Measure = (roundSeconds: number) => Promise<Round>;

/**
 * Runs `a` and `b` in alternating rounds (seconds / rounds each); for each, successes per
 * second and the number of other answers.
 */
export async function interleaved(a: Measure, b: Measure) {
  const totals: [Round, Round] = [
    { answered: 0, refused: 0, elapsed: 0 },
    { answered: 0, refused: 0, elapsed: 0 },
  ];
  for (let round = 0; round < rounds; round++) {
    for (const [side, measure] of [a, b].entries()) {
      const { answered, refused, elapsed } = await measure(seconds / rounds);
      const total = totals[side as 0 | 1];
      total.answered += answered;
      total.refused += refused;
      total.elapsed += elapsed;
    }
  }
  return totals.map(({ answered, refused, elapsed }) => ({ rate: answered / elapsed, refused }));
}

/**
 * Each round counts answers in a window of steady load: it opens after a warm-up and closes
 * before the load ends. Counted from the first request to the last answer, a 1-second round also
 * held the generator's start, the requests' way to the hash and the last logins finishing with a
 * core to spare: ~2 points of the login share that the raw verify, which starts at once, did not
 * pay. (Before that, in duration mode autocannon dropped whatever was in flight when time was up:
 * ~6 % of the logins of a 1-second round.)
 */
export const warmUpMs = 200;

/** Counts the answers of a round that come inside its window, and tells `watcher` of it. */
export function windowCounter(watcher?: WindowWatcher) {
  let opened: number | undefined;
  let closed: number | undefined;
  const round: Round = { answered: 0, refused: 0, elapsed: 0 };
  return {
    open() {
      opened = performance.now();
      watcher?.opened();
    },
    close(): Round {
      closed = performance.now();
      round.elapsed = (closed - (opened ?? closed)) / 1000;
      watcher?.closed(round.answered);
      return round;
    },
    count(success: boolean) {
      if (opened === undefined || closed !== undefined) return;
      if (success) round.answered++;
      else round.refused++;
    },
  };
}

/**
 * How long a load runs, unmeasured, before the figure of a path the server has not served yet:
 * user.me has run for seconds before the gateway's figures, and a path's first seconds run
 * unoptimised code (a fifth to a third slower here).
 */
export const warmUpSeconds = 2;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An autocannon load as a Measure: it runs until its window has closed, then stops. */
export function loadMeasure(
  options: autocannon.Options & { connections: number },
  watcher?: WindowWatcher,
): Measure {
  return async (roundSeconds) => {
    const counter = windowCounter(watcher);
    let run: autocannon.Instance | undefined;
    const finished = new Promise<void>((resolve, reject) => {
      // Stopped when the window closes: autocannon stops at its next sample, so sample often
      // (at its default second, the load went on into the next round).
      run = autocannon({ ...options, duration: 3600, sampleInt: 50 }, (error) =>
        error ? reject(error) : resolve(),
      );
    });
    run?.on("response", (_client, statusCode) =>
      counter.count(statusCode >= 200 && statusCode < 300),
    );
    run?.on("reqError", () => counter.count(false));
    await sleep(warmUpMs);
    counter.open();
    await sleep(roundSeconds * 1000);
    const round = counter.close();
    run?.stop();
    await finished;
    return round;
  };
}
