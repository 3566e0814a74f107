import { describe, expect, it } from "vitest";
import type { BatchRequest } from "./batch.js";
import { LookupQueue } from "./lookups.js";
import type { GraphSession } from "./session.js";

interface Sent {
  ids: string[];
  answer: (status?: number) => void;
  fail: (error: Error) => void;
}

/** A session whose $batch calls wait until the test answers them, so the test sees when each batch goes out. */
function fakeSession() {
  const sent: Sent[] = [];
  const session = {
    retryDelaySeconds: 0,
    takeRetry: () => false,
    pause: async () => {},
    json: (_method: string, _path: string, _collection: string, body: { requests: { id: string; url: string }[] }) =>
      new Promise((resolve, reject) => {
        sent.push({
          ids: body.requests.map((r) => r.id),
          answer: (status = 200) =>
            resolve({
              responses: body.requests.map((r) => ({ id: r.id, status, headers: {}, body: { id: r.id, url: r.url } })),
            }),
          fail: reject,
        });
      }),
  } as unknown as GraphSession;
  return { session, sent };
}

const lookup = (i: number, url = `/users/u${i}`): BatchRequest => ({ id: `u${i}`, url });

describe("LookupQueue", () => {
  it("sends a batch as soon as 20 lookups wait, and the rest when drained", async () => {
    const { session, sent } = fakeSession();
    const queue = new LookupQueue({ session, collection: "principals", progress: () => {}, onFailure: () => {} });
    for (let i = 0; i < 19; i++) queue.add(lookup(i));
    expect(sent).toHaveLength(0);
    queue.add(lookup(19));
    queue.add(lookup(20));
    expect(sent.map((s) => s.ids.length)).toEqual([20]);
    const drained = queue.drain();
    expect(sent.map((s) => s.ids.length)).toEqual([20, 1]);
    for (const s of sent) s.answer();
    const answers = await drained;
    expect([...answers.keys()].sort()).toEqual(Array.from({ length: 21 }, (_, i) => `u${i}`).sort());
  });

  it("looks an id up once per url, and again (keeping only the new answer) when its url changes", async () => {
    const { session, sent } = fakeSession();
    const queue = new LookupQueue({ session, collection: "principals", progress: () => {}, onFailure: () => {} });
    queue.add(lookup(1, "/directoryObjects/u1"));
    const first = queue.drain();
    sent[0]?.answer();
    await first;
    queue.add(lookup(1, "/directoryObjects/u1"));
    queue.add(lookup(1, "/users/u1"));
    queue.add(lookup(1, "/users/u1"));
    const drained = queue.drain();
    expect(sent.map((s) => s.ids)).toEqual([["u1"], ["u1"]]);
    sent[1]?.answer();
    expect((await drained).get("u1")?.body).toEqual({ id: "u1", url: "/users/u1" });
  });

  it("reports the first failed batch at once and throws it from drain", async () => {
    const { session, sent } = fakeSession();
    const failures: unknown[] = [];
    const queue = new LookupQueue({
      session,
      collection: "principals",
      progress: () => {},
      onFailure: (error) => failures.push(error),
    });
    for (let i = 0; i < 40; i++) queue.add(lookup(i));
    const boom = new Error("Graph answered HTTP 500");
    sent[0]?.fail(boom);
    sent[1]?.fail(new Error("second"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(failures).toEqual([boom]);
    await expect(queue.drain()).rejects.toBe(boom);
  });
});
