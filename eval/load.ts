/**
 * A bounded load on a running server, on loopback only: `npx tsx eval/load.ts http://127.0.0.1:8787 search
 * [seconds=10] [clients=30]` (route `search` or `answer`). Prints requests a second, p50 / p99 and errors;
 * it stops by itself. For before / after comparisons of the HTTP path (npm run bench times the parts).
 */
export {};

const [url = 'http://127.0.0.1:8787', route = 'search', seconds = '10', clients = '30'] = process.argv.slice(2);
if (!/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\/?$/.test(url)) {
  console.error(`Loopback only: ${url} is not a local address.`);
  process.exit(2);
}
const questions = ['小微企业所得税有什么优惠？', '企业名称中的字号应当由几个汉字组成？', '网约配送员的劳动报酬怎么保障', '个体工商户可以申请哪些补贴', '失业保险稳岗返还的条件'];
const end = Date.now() + Number(seconds) * 1000;
const times: number[] = [];
let errors = 0;
let sent = 0;

async function client(i: number): Promise<void> {
  while (Date.now() < end) {
    const q = questions[(i + sent++) % questions.length];
    const body = route === 'search' ? { query: q, k: 10 } : { question: q };
    const t0 = performance.now();
    try {
      const res = await fetch(`${url.replace(/\/$/, '')}/api/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await res.text();
      if (res.status !== 200) errors++;
    } catch {
      errors++;
    }
    times.push(performance.now() - t0);
  }
}

await Promise.all(Array.from({ length: Number(clients) }, (_, i) => client(i)));
times.sort((a, b) => a - b);
const at = (p: number) => times[Math.min(times.length - 1, Math.max(0, Math.ceil((p / 100) * times.length) - 1))].toFixed(1);
console.log(`${route}: ${(times.length / Number(seconds)).toFixed(0)} req/s, p50 ${at(50)} ms, p99 ${at(99)} ms, errors ${errors} of ${times.length}`);
