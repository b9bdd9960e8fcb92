// better-sqlite3 12.6.2 on Node 24.21: a Statement collected by the GC aborts the process.
import Database from 'better-sqlite3';
const db = new Database(':memory:');
for (let i = 0; i < 1000; i++) db.pragma('user_version');   // like SqliteStore's constructor: statements nobody keeps
console.log('statements created; allocating garbage so the GC runs');
let keep = [];
const timer = setInterval(() => {
  for (let i = 0; i < 2000; i++) keep.push(new Uint8Array(1024));
  if (keep.length > 50_000) keep = [];
}, 5);
setTimeout(() => { clearInterval(timer); console.log('survived 10 s'); }, 10_000);
