import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

/**
 * A local server speaking the parts of Stripe's HTTP API this app uses, as the `stripe` package calls
 * them: form-encoded bodies with bracketed keys, JSON objects with `id` and `object`, Stripe's error
 * shape, and `Idempotency-Key` honoured (the same key and parameters replay the first response; other
 * parameters are refused) and recorded. Tests point STRIPE_API_BASE at it and drive the checkout
 * ("the diner paid") themselves, then sign the webhook with the package's test-header helper.
 */

type Obj = Record<string, unknown>;

export interface RecordedRequest {
  method: string;
  path: string;
  params: Obj;
  idempotencyKey: string | null;
  replayed: boolean;
}

export interface FakeStripe {
  url: string;
  requests: RecordedRequest[];
  sessions: Map<string, Obj>;
  /** The requests that changed something (not replays, not reads). */
  effects(path: RegExp): RecordedRequest[];
  /**
   * The diner finishes the checkout: money taken (payment mode) or a card saved (setup mode). The
   * card may be one whose later off-session charges are declined (`CARD_DECLINED_LATER`).
   */
  complete(sessionId: string, options?: { paymentMethod?: string }): Obj;
  expire(sessionId: string): Obj;
  /** A signed webhook delivery for an event about `object`. */
  webhook(type: string, object: Obj, eventId?: string): { body: string; signature: string; eventId: string };
  /** The next off-session charge is declined. */
  declineNextCharge(): void;
  stop(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_test_${randomBytes(10).toString("hex")}`;

/** Stripe's test card that saves fine and is declined when charged off-session later. */
export const CARD_DECLINED_LATER = "pm_card_chargeCustomerFail";

/** `a[b][0][c]=1` → {a: {b: [{c: "1"}]}}. */
export function parseStripeForm(body: string): Obj {
  const out: Obj = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.replace(/\]/g, "").split("[");
    let cur: Obj | unknown[] = out;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      const last = i === parts.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(parts[i + 1]!);
      const k: string | number = Array.isArray(cur) ? Number(p) : p;
      const container = cur as Record<string | number, unknown>;
      if (last) container[k] = value;
      else {
        container[k] ??= nextIsIndex ? [] : {};
        cur = container[k] as Obj | unknown[];
      }
    }
  }
  return out;
}

/**
 * `deliverTo`: the app's webhook URL. When given, the session's `url` is a small hosted checkout page
 * here, whose "Pay" and "Decline" finish the session as Stripe Checkout would, deliver the signed
 * `checkout.session.completed` or `.expired` event to the app, and send the browser on to the
 * session's success or cancel URL (browser tests run the whole journey through it).
 */
export async function startFakeStripe(opts: { webhookSecret: string; deliverTo?: string }): Promise<FakeStripe> {
  const requests: RecordedRequest[] = [];
  const idempotency = new Map<string, { fingerprint: string; status: number; body: string }>();
  const sessions = new Map<string, Obj>();
  const setupIntents = new Map<string, Obj>();
  const paymentIntents = new Map<string, Obj & { amount: number; refunded: number }>();
  let declineNext = false;
  let url = "";

  function stripeError(res: ServerResponse, status: number, type: string, message: string, code?: string) {
    send(res, status, { error: { type, message, ...(code ? { code } : {}) } });
  }
  function send(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { "content-type": "application/json", "request-id": id("req") });
    res.end(JSON.stringify(body));
  }

  function handle(method: string, path: string, params: Obj): { status: number; body: Obj } {
    const now = Math.floor(Date.now() / 1000);
    let m: RegExpMatchArray | null;
    if (method === "POST" && path === "/v1/customers") {
      return { status: 200, body: { id: id("cus"), object: "customer", email: params.email ?? null, name: params.name ?? null, metadata: params.metadata ?? {} } };
    }
    if (method === "POST" && path === "/v1/checkout/sessions") {
      const mode = String(params.mode ?? "");
      if (mode !== "payment" && mode !== "setup") return { status: 400, body: { error: { type: "invalid_request_error", message: "Invalid mode", param: "mode" } } };
      const expiresAt = Number(params.expires_at ?? now + 86400);
      if (expiresAt < now + 30 * 60 - 5) {
        return { status: 400, body: { error: { type: "invalid_request_error", message: "expires_at must be at least 30 minutes from now", param: "expires_at" } } };
      }
      const items = (params.line_items as Obj[] | undefined) ?? [];
      const amount = items.reduce((s, li) => s + Number((li.price_data as Obj)?.unit_amount ?? 0) * Number(li.quantity ?? 1), 0);
      const sid = id("cs");
      const session: Obj = {
        id: sid,
        object: "checkout.session",
        mode,
        status: "open",
        payment_status: mode === "setup" ? "no_payment_required" : "unpaid",
        amount_total: mode === "payment" ? amount : null,
        currency: (params.currency as string) ?? ((items[0]?.price_data as Obj)?.currency as string) ?? null,
        customer: params.customer ?? null,
        customer_email: params.customer_email ?? null,
        client_reference_id: params.client_reference_id ?? null,
        metadata: params.metadata ?? {},
        expires_at: expiresAt,
        success_url: params.success_url,
        cancel_url: params.cancel_url,
        url: `${url}/pay/${sid}`,
        payment_intent: null,
        setup_intent: null,
        livemode: false,
      };
      sessions.set(sid, session);
      return { status: 200, body: session };
    }
    if ((m = path.match(/^\/v1\/checkout\/sessions\/([^/]+)$/)) && method === "GET") {
      const s = sessions.get(m[1]!);
      return s ? { status: 200, body: s } : notFoundBody("checkout session");
    }
    if ((m = path.match(/^\/v1\/checkout\/sessions\/([^/]+)\/expire$/)) && method === "POST") {
      const s = sessions.get(m[1]!);
      if (!s) return notFoundBody("checkout session");
      if (s.status === "open") s.status = "expired";
      return { status: 200, body: s };
    }
    if ((m = path.match(/^\/v1\/setup_intents\/([^/]+)$/)) && method === "GET") {
      const si = setupIntents.get(m[1]!);
      return si ? { status: 200, body: si } : notFoundBody("setup intent");
    }
    if (method === "POST" && path === "/v1/payment_intents") {
      if (!params.customer || !params.payment_method) return { status: 400, body: { error: { type: "invalid_request_error", message: "customer and payment_method are required" } } };
      const pid = id("pi");
      if (declineNext || params.payment_method === CARD_DECLINED_LATER) {
        declineNext = false;
        // Stripe keeps the declined PaymentIntent, waiting for another payment method.
        const declined = { id: pid, object: "payment_intent", amount: Number(params.amount), amount_received: 0, currency: params.currency, customer: params.customer, payment_method: params.payment_method, status: "requires_payment_method", metadata: params.metadata ?? {}, refunded: 0 };
        paymentIntents.set(pid, declined);
        return { status: 402, body: { error: { type: "card_error", code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds.", payment_intent: { id: pid, object: "payment_intent", status: "requires_payment_method" } } } };
      }
      const pi = { id: pid, object: "payment_intent", amount: Number(params.amount), amount_received: Number(params.amount), currency: params.currency, customer: params.customer, payment_method: params.payment_method, status: "succeeded", metadata: params.metadata ?? {}, refunded: 0 };
      paymentIntents.set(pid, pi);
      return { status: 200, body: pi };
    }
    if (method === "GET" && path === "/v1/payment_intents") {
      const data = [...paymentIntents.values()].filter((pi) => !params.customer || pi.customer === params.customer);
      return { status: 200, body: { object: "list", url: "/v1/payment_intents", has_more: false, data } };
    }
    if (method === "POST" && path === "/v1/refunds") {
      const pi = paymentIntents.get(String(params.payment_intent ?? ""));
      if (!pi) return { status: 400, body: { error: { type: "invalid_request_error", message: "No such payment_intent", param: "payment_intent" } } };
      const amount = params.amount === undefined ? pi.amount - pi.refunded : Number(params.amount);
      if (amount <= 0 || pi.refunded + amount > pi.amount) {
        return { status: 400, body: { error: { type: "invalid_request_error", code: "amount_too_large", message: "Refund amount is greater than the unrefunded amount." } } };
      }
      pi.refunded += amount;
      return { status: 200, body: { id: id("re"), object: "refund", amount, currency: pi.currency, payment_intent: pi.id, status: "succeeded", metadata: params.metadata ?? {} } };
    }
    return notFoundBody(`route ${method} ${path}`);
  }

  function notFoundBody(what: string) {
    return { status: 404, body: { error: { type: "invalid_request_error", message: `No such ${what}` } } };
  }

  async function hostedCheckout(method: string, sessionId: string, raw: string, res: ServerResponse) {
    const s = sessions.get(sessionId);
    if (!s) {
      res.writeHead(404, { "content-type": "text/plain" });
      return res.end("No such checkout");
    }
    if (method === "POST") {
      const choice = new URLSearchParams(raw).get("choice");
      const pay = choice === "pay" || choice === "pay_declined_later";
      if (s.status === "open") {
        const done = pay ? fake.complete(sessionId, choice === "pay_declined_later" ? { paymentMethod: CARD_DECLINED_LATER } : {}) : fake.expire(sessionId);
        const w = fake.webhook(pay ? "checkout.session.completed" : "checkout.session.expired", done);
        // Stripe retries a delivery that was not acknowledged; a few quick tries stand in for that.
        for (let attempt = 0; attempt < 5; attempt++) {
          const answer = await fetch(opts.deliverTo!, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": w.signature }, body: w.body }).catch(() => null);
          if (answer?.ok) break;
          await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
        }
      }
      res.writeHead(303, { location: String(pay ? s.success_url : s.cancel_url) });
      return res.end();
    }
    const amount = `${(Number(s.amount_total ?? 0) / 100).toFixed(2)} ${String(s.currency ?? "").toUpperCase()}`;
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test checkout</title></head><body>
<main><h1>Test checkout</h1><p>${s.mode === "setup" ? "Save a card" : `Pay ${amount}`}</p>
<form method="post"><button name="choice" value="pay">Pay</button> <button name="choice" value="decline">Decline</button>${
      s.mode === "setup" ? ` <button name="choice" value="pay_declined_later">Save a card that is declined later</button>` : ""
    }</form></main></body></html>`);
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const path = (req.url ?? "/").split("?")[0]!;
    const method = req.method ?? "GET";
    const hosted = opts.deliverTo ? path.match(/^\/pay\/([^/]+)$/) : null;
    if (hosted) return hostedCheckout(method, hosted[1]!, raw, res);
    if (!String(req.headers.authorization ?? "").startsWith("Bearer sk_")) {
      return stripeError(res, 401, "invalid_request_error", "Invalid API Key provided");
    }
    const params = parseStripeForm(method === "GET" ? ((req.url ?? "").split("?")[1] ?? "") : raw);
    const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
    const fingerprint = createHash("sha256").update(`${method} ${path} ${raw}`).digest("hex");
    if (key && method === "POST") {
      const prior = idempotency.get(key);
      if (prior) {
        requests.push({ method, path, params, idempotencyKey: key, replayed: true });
        if (prior.fingerprint !== fingerprint) {
          return stripeError(res, 400, "idempotency_error", "Keys for idempotent requests can only be used with the same parameters they were first used with.");
        }
        res.writeHead(prior.status, { "content-type": "application/json", "idempotent-replayed": "true" });
        return res.end(prior.body);
      }
    }
    requests.push({ method, path, params, idempotencyKey: key, replayed: false });
    const { status, body } = handle(method, path, params);
    const text = JSON.stringify(body);
    if (key && method === "POST" && status < 500) idempotency.set(key, { fingerprint, status, body: text });
    res.writeHead(status, { "content-type": "application/json" });
    res.end(text);
  }

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch((e) => stripeError(res, 500, "api_error", String(e)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeStripe = {
    url,
    requests,
    sessions,
    effects: (path) => requests.filter((r) => r.method === "POST" && !r.replayed && path.test(r.path)),
    complete(sessionId, options = {}) {
      const s = sessions.get(sessionId);
      if (!s) throw new Error(`no session ${sessionId}`);
      s.status = "complete";
      if (s.mode === "payment") {
        const pid = id("pi");
        // Stripe gives every PaymentIntent a metadata object, empty when none was set.
        paymentIntents.set(pid, { id: pid, object: "payment_intent", amount: Number(s.amount_total), currency: s.currency, status: "succeeded", metadata: {}, refunded: 0 });
        s.payment_intent = pid;
        s.payment_status = "paid";
      } else {
        const sid = id("seti");
        setupIntents.set(sid, { id: sid, object: "setup_intent", status: "succeeded", customer: s.customer, payment_method: options.paymentMethod ?? id("pm") });
        s.setup_intent = sid;
      }
      return { ...s };
    },
    expire(sessionId) {
      const s = sessions.get(sessionId);
      if (!s) throw new Error(`no session ${sessionId}`);
      s.status = "expired";
      return { ...s };
    },
    webhook(type, object, eventId = id("evt")) {
      const body = JSON.stringify({ id: eventId, object: "event", api_version: Stripe.API_VERSION, created: Math.floor(Date.now() / 1000), livemode: false, type, data: { object } });
      return { body, signature: Stripe.webhooks.generateTestHeaderString({ payload: body, secret: opts.webhookSecret }), eventId };
    },
    declineNextCharge() {
      declineNext = true;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}
