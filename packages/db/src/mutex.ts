/**
 * Runs jobs one at a time, in call order. SQLite cannot upgrade two readers to writers at once,
 * so read-then-write sequences that must not interleave (the login throttle) go through one.
 */
export function createMutex() {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(job: () => Promise<T>): Promise<T> {
      const result = tail.then(job, job);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}

export type Mutex = ReturnType<typeof createMutex>;
