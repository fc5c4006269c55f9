/** How long a batch stays open for more messages. Spend rows reach D1 seconds later anyway (the consumer's batch timeout). */
export const DEFAULT_WINDOW_MS = 10;
/**
 * Queues take at most 100 messages and 256 KB per sendBatch. Spend messages are well under 2 KB (names
 * come from the config, ids are fixed-size), so 50 of them stay under both limits.
 */
export const DEFAULT_MAX_MESSAGES = 50;

interface OpenBatch<Body> {
  bodies: Body[];
  sent: Promise<void>;
}

export interface QueueSendCoalescerOptions {
  windowMs?: number;
  maxMessages?: number;
}

/**
 * Sends the messages an isolate's concurrent requests queue within a short window as one `sendBatch`,
 * instead of one Queue call each: the bench profile had the per-request `send` (a subrequest to the Queue
 * service) as the largest single JavaScript cost of the fast path after the upstream fetch itself.
 *
 * The request that opens a batch owns its timer and its send; every request whose message joins gets the
 * same promise for its waitUntil, so none of them finishes before its message is queued, and a failed
 * send is reported to each. A batch of one goes out with a plain `send`.
 */
export class QueueSendCoalescer<Body> {
  private readonly queue: Queue<Body>;
  private readonly windowMs: number;
  private readonly maxMessages: number;
  private open: OpenBatch<Body> | undefined;

  constructor(queue: Queue<Body>, options: QueueSendCoalescerOptions = {}) {
    this.queue = queue;
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    this.maxMessages = options.maxMessages ?? DEFAULT_MAX_MESSAGES;
  }

  /** Resolves once the batch holding `body` has been queued; rejects with the Queue's error. */
  send(body: Body): Promise<void> {
    const open = this.open;
    const batch = open !== undefined && open.bodies.length < this.maxMessages ? open : this.openBatch();
    batch.bodies.push(body);
    return batch.sent;
  }

  private openBatch(): OpenBatch<Body> {
    const bodies: Body[] = [];
    const batch: OpenBatch<Body> = {
      bodies,
      sent: new Promise<void>((resolve) => setTimeout(resolve, this.windowMs)).then(() => {
        if (this.open === batch) this.open = undefined;
        return this.flush(bodies);
      }),
    };
    this.open = batch;
    return batch;
  }

  private async flush(bodies: Body[]): Promise<void> {
    const [only] = bodies;
    if (bodies.length === 1 && only !== undefined) {
      await this.queue.send(only);
      return;
    }
    await this.queue.sendBatch(bodies.map((body) => ({ body })));
  }
}
