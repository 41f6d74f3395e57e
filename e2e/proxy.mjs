// A load balancer for the two-node browser test: it sends every request and WebSocket to the preferred node
// until that node stops answering, then to the other one for good (as a production balancer's health check
// would), so a browser behind it reconnects to the surviving node on its own.
import http from 'node:http';
import net from 'node:net';

/** Starts the balancer in front of `preferred` then `fallback` (http://host:port URLs); resolves to it. */
export async function startBalancer(preferred, fallback) {
  const nodes = [new URL(preferred), new URL(fallback)];
  const state = { failedOver: false, url: '' };
  const sockets = new Set(); // every client and node socket, destroyed on close (upgraded ones included)
  const track = (sock) => { sockets.add(sock); sock.on('close', () => sockets.delete(sock)); };
  const target = () => nodes[state.failedOver ? 1 : 0];
  const failOver = () => { state.failedOver = true; };

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const send = (retry) => {
        const t = target();
        const up = http.request({ host: t.hostname, port: t.port, method: req.method, path: req.url,
          headers: { ...req.headers, host: req.headers.host } }, (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        });
        up.on('error', () => {
          if (retry && !state.failedOver) {
            failOver();
            send(false);
          } else if (!res.headersSent) {
            res.writeHead(502).end();
          } else {
            res.destroy();
          }
        });
        up.end(body);
      };
      send(true);
    });
  });

  server.on('connection', track);
  server.on('upgrade', (req, socket, head) => {
    const connect = (retry) => {
      const t = target();
      const up = net.connect(Number(t.port), t.hostname);
      track(up);
      let connected = false;
      up.once('connect', () => {
        connected = true;
        const lines = [`${req.method} ${req.url} HTTP/1.1`];
        for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
        up.write(`${lines.join('\r\n')}\r\n\r\n`);
        if (head.length > 0) up.write(head);
        up.pipe(socket);
        socket.pipe(up);
      });
      up.on('error', () => {
        if (retry && !state.failedOver && !connected) {
          failOver();
          connect(false);
        } else {
          socket.destroy();
        }
      });
      up.on('close', () => socket.destroy());
      socket.on('error', () => up.destroy());
      socket.on('close', () => up.destroy());
    };
    connect(true);
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://localhost:${server.address().port}`;
  return {
    get url() { return state.url; },
    get failedOver() { return state.failedOver; },
    /** Marks the preferred node down (what a balancer's health check does when it stops answering). */
    failOver,
    close: () => new Promise((resolve) => {
      for (const sock of sockets) sock.destroy();
      server.close(() => resolve());
    }),
  };
}
