/**
 * Seed 002 #2 "fix": resolver state keyed by the auth key only. A signal carries no flow
 * identity, so a late completion meant for an old flow settles the newer flow of the same key;
 * and timeout and completion each invoke the outcome callback unless both check a shared flag.
 */
type Resolver = { resolve: (token: string) => void; reject: (e: unknown) => void };

export class SessionResolvers {
  readonly #resolvers = new Map<string, Resolver>();
  readonly #states = new Map<string, 'pending' | 'resolved' | 'rejected'>();

  start(authKey: string): Promise<string> {
    this.#states.set(authKey, 'pending');
    return new Promise((resolve, reject) => this.#resolvers.set(authKey, { resolve, reject }));
  }

  /** Seed 002 #1 residual: logout deletes the flow's bookkeeping; nobody settles its waiters. */
  logout(authKey: string): void {
    this.#resolvers.delete(authKey);
    this.#states.delete(authKey);
  }

  signalCompletion(authKey: string, token: string): void {
    if (this.#states.get(authKey) !== 'pending') return;
    this.#states.set(authKey, 'resolved');
    this.#resolvers.get(authKey)?.resolve(token);
  }

  signalError(authKey: string, error: unknown): void {
    if (this.#states.get(authKey) !== 'pending') return;
    this.#states.set(authKey, 'rejected');
    this.#resolvers.get(authKey)?.reject(error);
  }
}

/** The pre-fix pattern: each path calls `onOutcome` directly, so two paths give two outcomes. */
export class CallbackOutcome {
  readonly outcomes: string[] = [];
  timeout(): void {
    this.outcomes.push('timeout');
  }
  complete(token: string): void {
    this.outcomes.push(`ok:${token}`);
  }
  fail(): void {
    this.outcomes.push('error');
  }
}
