'use strict';
// Comparison peer: the same semantics as bench/Peers/RawKestrel. A client connects to /ws?room=N;
// each binary message it sends goes to the other members of the room. A member whose unsent bytes
// pass the cap loses the frame (counted), mirroring RawKestrel's bounded send queue of 1024 frames.
// Usage: node server.js --cert cert.pem --key key.pem [--port 0]; prints "LISTENING <port>" first.
const fs = require('fs');
const https = require('https');
const { WebSocketServer } = require('ws');

function arg(name, fallback) {
  const at = process.argv.indexOf(name);
  if (at >= 0 && at + 1 < process.argv.length) return process.argv[at + 1];
  if (fallback === undefined) throw new Error(`missing ${name}`);
  return fallback;
}

const MAX_BUFFERED_BYTES = 1024 * 256;
const rooms = new Map();
let dropped = 0;

const server = https.createServer({ cert: fs.readFileSync(arg('--cert')), key: fs.readFileSync(arg('--key')) });
const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false, maxPayload: 64 * 1024 });

wss.on('connection', (socket, request) => {
  const room = Number(new URL(request.url, 'https://127.0.0.1').searchParams.get('room'));
  if (!Number.isInteger(room) || room < 0) {
    socket.close(1008, 'room');
    return;
  }
  let members = rooms.get(room);
  if (!members) rooms.set(room, (members = new Set()));
  members.add(socket);

  socket.on('message', (data, isBinary) => {
    if (!isBinary) return;
    for (const member of members) {
      if (member === socket || member.readyState !== 1) continue;
      if (member.bufferedAmount > MAX_BUFFERED_BYTES) dropped++;
      else member.send(data, { binary: true });
    }
  });
  socket.on('close', () => {
    members.delete(socket);
    if (members.size === 0) rooms.delete(room);
  });
  socket.on('error', () => socket.terminate());
});

function stop() {
  process.stderr.write(`node-ws: frames dropped on full send buffers: ${dropped}\n`);
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

server.listen(Number(arg('--port', '0')), '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
