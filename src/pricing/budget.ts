/**
 * The spending cap and the usage count. A call reserves its estimate before it is sent, so concurrent calls
 * cannot overshoot together; the reservation becomes spent when the call may have been charged, and is
 * released when it failed before it could have been.
 */
import { roundUSD } from "./estimate";
import { APIConnectionError, APIError, APIUserAbortError, BudgetExceededError, ValidationError } from "../core/errors";

export interface Usage {
  /** Calls answered successfully. */
  requests: number;
  /** Images those calls returned (withheld ones included: they are billed). */
  images: number;
  /** Their estimated cost in US dollars. */
  usd: number;
}

/** Statuses of requests rejected before they ran: Ideogram bills none of them. */
const NOT_CHARGED_STATUSES = new Set([400, 401, 402, 403, 404, 408, 413, 422, 429, 503]);

/** True when the failure means the request was not processed, so nothing was charged. */
export function wasNotCharged(error: unknown): boolean {
  if (error instanceof ValidationError || error instanceof BudgetExceededError) return true;
  if (error instanceof APIError) return NOT_CHARGED_STATUSES.has(error.status);
  if (error instanceof APIConnectionError || error instanceof APIUserAbortError) return error.beforeRequestSent;
  return false;
}

export class Budget {
  #spent = 0;
  #reserved = 0;

  constructor(readonly limitUSD: number | undefined) {}

  /** Spent plus reserved, in US dollars. */
  get committedUSD(): number {
    return roundUSD(this.#spent + this.#reserved);
  }

  get spentUSD(): number {
    return roundUSD(this.#spent);
  }

  /** Reserves `usd` for a call, or refuses it if that would pass the limit (reaching it exactly is allowed). */
  reserve(usd: number | undefined, reason?: string): Reservation {
    this.#check(usd, reason);
    this.#reserved += usd ?? 0;
    let held = usd ?? 0;
    let open = true;
    const close = (spend: boolean) => {
      if (!open) return;
      open = false;
      this.#reserved -= held;
      if (spend) this.#spent += held;
    };
    return {
      add: (more) => {
        // What the call held may have been charged by the attempt that just failed: it stays spent,
        // whatever happens to the next attempt.
        this.#reserved -= held;
        this.#spent += held;
        held = 0;
        this.#check(more, reason);
        this.#reserved += more ?? 0;
        held = more ?? 0;
      },
      spend: () => close(true),
      release: () => close(false),
    };
  }

  #check(usd: number | undefined, reason: string | undefined): void {
    if (this.limitUSD === undefined) return;
    if (usd === undefined) throw new BudgetExceededError(this.limitUSD, undefined, this.committedUSD, reason);
    if (roundUSD(this.#spent + this.#reserved + usd) > roundUSD(this.limitUSD)) {
      throw new BudgetExceededError(this.limitUSD, usd, this.committedUSD);
    }
  }
}

export interface Reservation {
  /** A retry that may buy the images again: what is held becomes spent, and the next attempt is reserved. */
  add(usd: number | undefined): void;
  /** The call was (or may have been) charged. */
  spend(): void;
  /** The call was not charged. */
  release(): void;
}

