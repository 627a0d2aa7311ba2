import type { Metadata } from "next";
import { API_ROUTES, AUTH_LABELS, errorDescription, fieldRows, type ApiRouteDoc, type FieldRow } from "@/lib/api/openapi";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";

export const metadata: Metadata = {
  title: "API reference",
  description: "Tablekeep HTTP API v1: accounts, restaurants, floor, availability and reservations.",
};

// Generated from the reference entries the route handlers carry (lib/api/openapi.ts collects them).

const anchor = (r: ApiRouteDoc) => `${r.method}-${r.path}`.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/-+$/, "");

function Fields({ rows, caption }: { rows: FieldRow[]; caption: string }) {
  if (rows.length === 0) return null;
  return (
    <div className="docs-table-wrap">
      <table className="docs-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Type</th>
            <th scope="col">Required</th>
            <th scope="col">Rules</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((f) => (
            <tr key={f.name}>
              <td>
                <code>{f.name}</code>
              </td>
              <td>
                <code>{f.type}</code>
              </td>
              <td>{f.required ? "yes" : "no"}</td>
              <td>{f.notes}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Route({ r }: { r: ApiRouteDoc }) {
  const id = anchor(r);
  return (
    <section className="docs-route" aria-labelledby={id}>
      <h3 id={id}>
        <span className={`docs-method docs-method-${r.method.toLowerCase()}`}>{r.method}</span> <code>{r.path}</code>
      </h3>
      <p>
        <strong>{r.summary}.</strong> {r.description}
      </p>
      <dl className="docs-facts">
        <dt>Auth</dt>
        <dd>
          {AUTH_LABELS[r.auth]}
          {r.roles ? ` (${r.roles})` : ""}
        </dd>
        <dt>Success</dt>
        <dd>{r.status}</dd>
        {r.idempotent ? (
          <>
            <dt>Idempotency-Key</dt>
            <dd>accepted</dd>
          </>
        ) : null}
        {r.rateLimited ? (
          <>
            <dt>Rate limited</dt>
            <dd>per client address; 429 with Retry-After</dd>
          </>
        ) : null}
      </dl>
      {r.params ? <Fields rows={fieldRows(r.params)} caption="Path parameters" /> : null}
      {r.query ? <Fields rows={fieldRows(r.query)} caption="Query parameters" /> : null}
      {r.body ? <Fields rows={fieldRows(r.bodyShown ?? r.body)} caption="Body (JSON)" /> : null}
      {r.response && r.status !== 204 ? <Fields rows={fieldRows(r.response, "output")} caption={`Response ${r.status}`} /> : null}
      <h4>Errors</h4>
      <ul className="docs-errors">
        {r.errors.map((code) => (
          <li key={code}>
            {ERROR_STATUS[code]} <code>{code}</code>: {errorDescription(code)}
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function DocsPage() {
  const tags = [...new Set(API_ROUTES.map((r) => r.tag))];
  const codes = Object.keys(ERROR_STATUS) as ErrorCode[];
  return (
    <article className="docs">
      <style>{`
        .docs { max-width: 60rem; min-width: 0; overflow-wrap: anywhere; }
        .docs p code, .docs li code { white-space: normal; overflow-wrap: anywhere; }
        .docs h2 { margin-top: 2.5rem; }
        .docs-route { border-top: 1px solid var(--color-border, #ddd); padding-top: 1rem; margin-top: 1.5rem; }
        .docs-route h3 { font-size: 1.05rem; overflow-wrap: anywhere; }
        .docs-method { display: inline-block; min-width: 4.5em; padding: 0.1em 0.5em; border-radius: 4px; font-family: var(--font-mono, monospace); font-size: 0.85em; text-align: center; color: #fff; background: #3d3a36; }
        .docs-method-get { background: #1e6b3a; }
        .docs-method-post { background: #1a5fb4; }
        .docs-method-patch { background: #7a5200; }
        .docs-method-delete { background: #b3261e; }
        .docs-facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0.75rem 0; }
        .docs-facts dt { font-weight: 600; }
        .docs-facts dd { margin: 0; }
        .docs-table-wrap { overflow-x: auto; margin: 0.75rem 0; }
        .docs-table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
        .docs-table caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
        .docs-table th, .docs-table td { overflow-wrap: normal; border: 1px solid var(--color-border, #ddd); padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
        .docs-errors { margin: 0.25rem 0 0; padding-left: 1.25rem; font-size: 0.9rem; }
        .docs-toc { columns: 2 18rem; padding-left: 1.25rem; }
      `}</style>
      <h1>Tablekeep API reference</h1>
      <p>
        Version 1. JSON in and out, snake_case fields. Instants are ISO-8601 UTC with <code>Z</code>{" "}
        (<code>2026-12-04T00:30:00Z</code>); local dates <code>YYYY-MM-DD</code> and times <code>HH:MM</code> are in the
        restaurant&apos;s time zone. The machine-readable document is <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>{" "}
        (OpenAPI 3.1).
      </p>

      <h2 id="auth">Authentication</h2>
      <p>
        Get a token from <code>POST /api/v1/auth/token</code> and send <code>Authorization: Bearer &lt;token&gt;</code>; tokens
        last 7 days. In the browser the session cookie works too. A guest reaches their own reservation with{" "}
        <code>X-Manage-Token: &lt;manage_token&gt;</code>, returned once when the table is held. A bearer token that is
        present but invalid or expired is always 401, never treated as anonymous.
      </p>

      <h2 id="idempotency">Idempotency</h2>
      <p>
        Writes that create something accept <code>Idempotency-Key</code> (1–255 visible characters). The same key and body
        within 24 hours returns the first response (with <code>Idempotent-Replayed: true</code>); the same key with another
        body is 409 <code>conflict</code>, as is a repeat while the first request is still running. Keys are per caller.
      </p>

      <h2 id="errors">Errors</h2>
      <p>
        Every error is <code>{`{"error": {"code": "…", "message": "…", "fields": {"party_size": ["…"]}}}`}</code>;{" "}
        <code>fields</code> appears for input errors only. Bodies over 64 KiB and malformed JSON are 400.
      </p>
      <div className="docs-table-wrap">
        <table className="docs-table">
          <caption>Status codes</caption>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Code</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {codes.map((c) => (
              <tr key={c}>
                <td>{ERROR_STATUS[c]}</td>
                <td>
                  <code>{c}</code>
                </td>
                <td>{errorDescription(c)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="routes">Routes</h2>
      <ul className="docs-toc">
        {API_ROUTES.map((r) => (
          <li key={anchor(r)}>
            <a href={`#${anchor(r)}`}>
              {r.method} {r.path}
            </a>
          </li>
        ))}
      </ul>

      {tags.map((tag) => (
        <section key={tag} aria-labelledby={`tag-${tag}`}>
          <h2 id={`tag-${tag}`}>{tag}</h2>
          {API_ROUTES.filter((r) => r.tag === tag).map((r) => (
            <Route key={anchor(r)} r={r} />
          ))}
        </section>
      ))}
    </article>
  );
}
