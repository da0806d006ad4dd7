/**
 * Pub/Sub subscribers for the PUBLISH benchmark: opens N connections
 * subscribed to one channel and counts the message bytes they receive; on
 * SIGTERM prints how many messages were delivered (bytes / message size).
 *
 *   node dist/bench/subscribers.js <port> <count> <channel> <payload-length>
 */
import net from 'node:net';

const [portS, countS, channel, payloadS] = process.argv.slice(2);
const port = Number(portS), count = Number(countS), payload = Number(payloadS);
const msgBytes = `*3\r\n$7\r\nmessage\r\n$${channel.length}\r\n${channel}\r\n$${payload}\r\n`.length + payload + 2;
const subReply = `*3\r\n$9\r\nsubscribe\r\n$${channel.length}\r\n${channel}\r\n:1\r\n`.length;
let bytes = 0;
let ready = 0;
for (let i = 0; i < count; i++) {
  const s = net.connect(port, '127.0.0.1');
  s.on('connect', () => s.write(`SUBSCRIBE ${channel}\r\n`));
  let first = true;
  s.on('data', d => {
    if (first) { first = false; bytes -= subReply; if (++ready === count) console.log('ready'); }
    bytes += d.length;
  });
  s.on('error', () => {});
}
process.on('SIGTERM', () => { console.log(String(Math.round(bytes / msgBytes))); process.exit(0); });
