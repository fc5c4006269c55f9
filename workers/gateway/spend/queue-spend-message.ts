import { QueueSendCoalescer } from "./queue-send-coalescer.ts";
import type { SpendQueueMessage } from "./spend-queue-message.ts";

/**
 * One coalescer per queue binding, so the isolate's requests share batches, while a binding that is not
 * the isolate's own (a test's capturing queue) never receives another's messages.
 */
const coalescers = new WeakMap<Queue, QueueSendCoalescer<SpendQueueMessage>>();

/** Queues a spend message in this isolate's next batch (queue-send-coalescer.ts); resolves once it is queued. */
export function queueSpendMessage(queue: Queue, message: SpendQueueMessage): Promise<void> {
  let coalescer = coalescers.get(queue);
  if (coalescer === undefined) {
    coalescer = new QueueSendCoalescer<SpendQueueMessage>(queue);
    coalescers.set(queue, coalescer);
  }
  return coalescer.send(message);
}
