// A real SMTP server on loopback that misbehaves on purpose, for the failures smtp-server will not
// produce: a relay that accepts connections but never greets, or one that reads a whole message and
// then hangs up or goes silent instead of answering, or one slow to take each recipient. Speaks just
// enough SMTP for nodemailer.
import net from 'node:net';

export type ScriptedSmtp = { port: number; url: string; received: string[]; stop(): Promise<void> };

export type Script = {
  /** Accept the TCP connection but never send the 220 greeting. */
  silentGreeting?: boolean;
  /** What to do after the end-of-data mark: answer 250, close the connection, or say nothing. */
  afterData?: 'accept' | 'close' | 'hang';
  /** Answer each RCPT TO this much later: a slow relay, so sends are in flight for a while. */
  slowRcptMs?: number;
};

export async function startScriptedSmtp(script: Script): Promise<ScriptedSmtp> {
  const received: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    if (script.silentGreeting) return;
    socket.write('220 scripted ESMTP\r\n');
    let buffer = '';
    let inData = false;
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          received.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          inData = false;
          if (script.afterData === 'close') return void socket.destroy();
          if (script.afterData === 'hang') return;
          socket.write('250 2.0.0 queued\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-scripted\r\n250 8BITMIME\r\n');
        // Without PIPELINING the client waits for this answer before its next command.
        else if (verb === 'RCPT' && script.slowRcptMs) setTimeout(() => socket.writable && socket.write('250 OK\r\n'), script.slowRcptMs);
        else if (verb === 'HELO' || verb === 'MAIL' || verb === 'RCPT' || verb === 'RSET' || verb === 'NOOP') socket.write('250 OK\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') {
          socket.end('221 bye\r\n');
        } else socket.write('502 not here\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
