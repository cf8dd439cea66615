/**
 * A weighted semaphore that grants any queued waiter that fits, not the head: small waiters
 * overtake a large one, which can starve.
 */
export class GreedySemaphore {
  #available: number;
  readonly #queue: { weight: number; grant: () => void }[] = [];

  constructor(capacity: number) {
    this.#available = capacity;
  }

  acquire(weight: number): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = () => {
        this.#available -= weight;
        resolve(() => {
          this.#available += weight;
          this.#dispatch();
        });
      };
      if (this.#available >= weight) grant();
      else this.#queue.push({ weight, grant });
    });
  }

  async withPermits<T>(weight: number, fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire(weight);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  #dispatch(): void {
    for (let i = 0; i < this.#queue.length; ) {
      const w = this.#queue[i]!;
      if (w.weight <= this.#available) {
        this.#queue.splice(i, 1);
        w.grant();
      } else i++;
    }
  }
}
