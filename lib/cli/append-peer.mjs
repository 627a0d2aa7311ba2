// Preload for Next's standalone server (`node --import ./append-peer.mjs server.js`): appends the
// address of the peer that connected to X-Forwarded-For, as lib/cli/serve.ts does for `npm start`.
// Next itself fills the header in only when it is absent, so without this a client that sends its
// own header would choose its own address; with it, TRUSTED_PROXY_HOPS counts the same everywhere.
import http from "node:http";

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitWithPeer(event, req, ...rest) {
  if (event === "request" && req && req.socket && req.socket.remoteAddress) {
    const prior = req.headers["x-forwarded-for"];
    const joined = (Array.isArray(prior) ? prior.join(", ") : prior || "").trim();
    req.headers["x-forwarded-for"] = joined ? `${joined}, ${req.socket.remoteAddress}` : req.socket.remoteAddress;
  }
  return emit.call(this, event, req, ...rest);
};
