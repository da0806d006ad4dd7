/**
 * ZTree: the ordered part of a large sorted set ("skiplist" encoding in
 * OBJECT ENCODING terms): an order-statistic B+tree over (score, member)
 * keys, ordered by score, then by member bytes (`<` on latin1 strings).
 *
 * Why not a skip list: a skip-list search hops between ~30 nodes scattered in
 * memory; here a search reads a few small sorted arrays (a root that stays
 * in cache, one or two inner nodes, one leaf), which is several times fewer
 * cache misses on a large set.
 *
 * Representation: nodes live in typed-array pools indexed by node id, with
 * separate id spaces for leaves and inner nodes.
 *  - Leaf l: entries sorted in slots [l*LCAP, l*LCAP + lcnt[l]) of lsc
 *    (scores, Float64Array) and lel (members); lpar (parent inner node),
 *    lprev/lnext (leaf chain in key order, NIL at the ends).
 *  - Inner node x: children ich[x*ICAP + j] for j < icnt[x] (all leaves when
 *    the node is at height 1, else inner nodes), subtree entry counts
 *    isz[x*ICAP + j], and separators (isc/iel[x*ICAP + j], j < icnt[x] - 1):
 *    every key of child j is < separator j <= every key of child j+1
 *    (a separator is the first key of the right node when it was split; it
 *    stays valid through deletions). ipar is the parent (NIL for the root).
 *  - root / height: height 0 means the root is a leaf.
 *
 * Invariants: leaves are never empty except a root leaf of an empty tree;
 * inner nodes have at least one child, and the root, when inner, at least
 * two; isz matches the entry counts below; `length` is the entry count;
 * freed ids are chained through lnext (leaves) / ipar (inner nodes).
 * Insertion splits full nodes on the way down (so a parent always has room);
 * deletion merges a node that fell under a quarter full into a sibling when
 * the two fit in three quarters of a node, which keeps nodes at least about
 * a third full on average. The pools are rebuilt smaller once mostly free.
 *
 * Cursors: byRank() and find() leave a position in `cl` (leaf) and `ci`
 * (index in the leaf); NIL leaf when there is none.
 */

/** Entries per leaf and children per inner node. */
const LCAP = 32;
const ICAP = 32;
const NIL = -1;
/** update()'s descent: inner node and child index at each height (shared scratch: calls never overlap). */
const PATH_NODE = new Int32Array(64), PATH_IDX = new Int32Array(64);
/** Bound modes for countLess: keys below (score, -inf), (score, member), (score, +inf). */
export const BELOW = -1, AT = 0, ABOVE = 1;

export class ZTree {
  private lsc = new Float64Array(LCAP * 2);
  private lel: string[] = [];
  private lcnt = new Int32Array(2);
  private lpar = new Int32Array(2);
  private lprev = new Int32Array(2);
  private lnext = new Int32Array(2);
  private lTop = 0;
  private lFree = NIL;
  private leaves = 0;

  private isc = new Float64Array(0);
  private iel: string[] = [];
  private ich = new Int32Array(0);
  private isz = new Float64Array(0);
  private icnt = new Int32Array(0);
  private ipar = new Int32Array(0);
  private iTop = 0;
  private iFree = NIL;
  private inners = 0;

  root: number;
  height = 0;
  /** Leftmost and rightmost leaves. */
  first: number;
  last: number;
  length = 0;

  /** Cursor set by byRank / find / seek: leaf and index. */
  cl = NIL;
  ci = 0;

  constructor() {
    this.root = this.first = this.last = this.newLeaf();
    this.lpar[this.root] = NIL;
  }

  // ---- accessors --------------------------------------------------------------

  scoreAt(l: number, i: number): number { return this.lsc[l * LCAP + i]; }
  eleAt(l: number, i: number): string { return this.lel[l * LCAP + i]; }
  count(l: number): number { return this.lcnt[l]; }
  nextLeaf(l: number): number { return this.lnext[l]; }
  prevLeaf(l: number): number { return this.lprev[l]; }

  // ---- allocation -------------------------------------------------------------

  private newLeaf(): number {
    let l = this.lFree;
    if (l !== NIL) this.lFree = this.lnext[l];
    else {
      l = this.lTop++;
      if (l >= this.lcnt.length) {
        const cap = this.lcnt.length * 2;
        const sc = new Float64Array(cap * LCAP); sc.set(this.lsc); this.lsc = sc;
        this.lcnt = grow32(this.lcnt, cap); this.lpar = grow32(this.lpar, cap);
        this.lprev = grow32(this.lprev, cap); this.lnext = grow32(this.lnext, cap);
      }
      for (let k = this.lel.length; k < (l + 1) * LCAP; k++) this.lel.push('');
    }
    this.lcnt[l] = 0; this.lprev[l] = NIL; this.lnext[l] = NIL;
    this.leaves++;
    return l;
  }

  private freeLeaf(l: number): void {
    const b = l * LCAP;
    for (let k = 0; k < LCAP; k++) this.lel[b + k] = '';
    this.lcnt[l] = 0;
    this.lnext[l] = this.lFree;
    this.lFree = l;
    this.leaves--;
  }

  private newInner(): number {
    let x = this.iFree;
    if (x !== NIL) this.iFree = this.ipar[x];
    else {
      x = this.iTop++;
      if (x >= this.icnt.length) {
        const cap = Math.max(4, this.icnt.length * 2);
        const sc = new Float64Array(cap * ICAP); sc.set(this.isc); this.isc = sc;
        const sz = new Float64Array(cap * ICAP); sz.set(this.isz); this.isz = sz;
        const ch = new Int32Array(cap * ICAP); ch.set(this.ich); this.ich = ch;
        this.icnt = grow32(this.icnt, cap); this.ipar = grow32(this.ipar, cap);
      }
      for (let k = this.iel.length; k < (x + 1) * ICAP; k++) this.iel.push('');
    }
    this.icnt[x] = 0; this.ipar[x] = NIL;
    this.inners++;
    return x;
  }

  private freeInner(x: number): void {
    const b = x * ICAP;
    for (let k = 0; k < ICAP; k++) this.iel[b + k] = '';
    this.icnt[x] = 0;
    this.ipar[x] = this.iFree;
    this.iFree = x;
    this.inners--;
  }

  /** Sets the parent of child node c (a leaf when its parent is at height 1). */
  private setParent(c: number, p: number, leafChild: boolean): void {
    if (leafChild) this.lpar[c] = p; else this.ipar[c] = p;
  }

  /** Index of child c in inner node p. */
  private childIndex(p: number, c: number): number {
    const b = p * ICAP, n = this.icnt[p], ch = this.ich;
    for (let j = 0; j < n; j++) if (ch[b + j] === c) return j;
    throw new Error('ztree: child not found');
  }

  /** Height of inner node x (1 = its children are leaves). */
  private heightOf(x: number): number {
    let d = 0;
    for (let y = x; y !== this.root; y = this.ipar[y]) d++;
    return this.height - d;
  }

  // ---- searches -----------------------------------------------------------------

  /** In inner node x: index of the child whose range holds (score, ele) (separators <= key go right). */
  private route(x: number, score: number, ele: string): number {
    const b = x * ICAP, sc = this.isc, el = this.iel;
    let lo = 0, hi = this.icnt[x] - 1;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      const s = sc[b + m];
      if (score < s || (score === s && ele < el[b + m])) hi = m; else lo = m + 1;
    }
    return lo;
  }

  /** In leaf l: number of entries < (score, ele). */
  private lowerIn(l: number, score: number, ele: string): number {
    const b = l * LCAP, sc = this.lsc, el = this.lel;
    let lo = 0, hi = this.lcnt[l];
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      const s = sc[b + m];
      if (s < score || (s === score && el[b + m] < ele)) lo = m + 1; else hi = m;
    }
    return lo;
  }

  /** Finds (score, ele); sets the cursor and returns true when present. */
  find(ele: string, score: number): boolean {
    let x = this.root;
    for (let h = this.height; h > 0; h--) x = this.ich[x * ICAP + this.route(x, score, ele)];
    const i = this.lowerIn(x, score, ele);
    if (i < this.lcnt[x] && this.lsc[x * LCAP + i] === score && this.lel[x * LCAP + i] === ele) {
      this.cl = x; this.ci = i;
      return true;
    }
    return false;
  }

  /** Sets the cursor to rank r (0 <= r < length). */
  byRank(r: number): void {
    let x = this.root;
    const sz = this.isz;
    for (let h = this.height; h > 0; h--) {
      const b = x * ICAP;
      let j = 0;
      while (r >= sz[b + j]) { r -= sz[b + j]; j++; }
      x = this.ich[b + j];
    }
    this.cl = x; this.ci = r;
  }

  /**
   * Number of keys below a bound: (score, -inf) for BELOW (keys with a
   * smaller score), (score, ele) for AT, (score, +inf) for ABOVE (keys with a
   * score <= score).
   */
  countLess(score: number, ele: string, mode: number): number {
    let x = this.root, r = 0;
    for (let h = this.height; h > 0; h--) {
      const b = x * ICAP, n = this.icnt[x];
      let j = 0;
      // children wholly below the bound: separator j <= bound
      while (j < n - 1) {
        const s = this.isc[b + j];
        const sepAbove = mode === BELOW ? s >= score : mode === ABOVE ? s > score : (s > score || (s === score && this.iel[b + j] > ele));
        if (sepAbove) break;
        r += this.isz[b + j];
        j++;
      }
      x = this.ich[b + j];
    }
    const b = x * LCAP, n = this.lcnt[x];
    let i = 0;
    while (i < n) {
      const s = this.lsc[b + i];
      const below = mode === BELOW ? s < score : mode === ABOVE ? s <= score : (s < score || (s === score && this.lel[b + i] < ele));
      if (!below) break;
      i++;
    }
    return r + i;
  }

  /** Number of members < v (<= v when orEqual), for a tree whose scores are all equal (lex ranges). */
  countLex(v: string, orEqual: boolean): number {
    let x = this.root, r = 0;
    for (let h = this.height; h > 0; h--) {
      const b = x * ICAP, n = this.icnt[x];
      let j = 0;
      while (j < n - 1) {
        const e = this.iel[b + j];
        if (orEqual ? e > v : e >= v) break;
        r += this.isz[b + j];
        j++;
      }
      x = this.ich[b + j];
    }
    const b = x * LCAP, n = this.lcnt[x];
    let i = 0;
    while (i < n && (orEqual ? this.lel[b + i] <= v : this.lel[b + i] < v)) i++;
    return r + i;
  }

  // ---- insertion -----------------------------------------------------------------

  /** Inserts (score, ele), which must not be present. */
  insert(ele: string, score: number): void {
    if (this.isFull(this.root, this.height === 0)) {
      const nr = this.newInner();
      this.ich[nr * ICAP] = this.root;
      this.isz[nr * ICAP] = this.length;
      this.icnt[nr] = 1;
      this.setParent(this.root, nr, this.height === 0);
      this.root = nr;
      this.height++;
      this.splitChild(nr, 0, this.height, score, ele);
    }
    let x = this.root;
    for (let h = this.height; h > 0; h--) {
      let j = this.route(x, score, ele);
      const leafChild = h === 1;
      if (this.isFull(this.ich[x * ICAP + j], leafChild)) {
        this.splitChild(x, j, h, score, ele);
        j = this.route(x, score, ele);
      }
      this.isz[x * ICAP + j]++;
      x = this.ich[x * ICAP + j];
    }
    const i = this.lowerIn(x, score, ele);
    const b = x * LCAP, n = this.lcnt[x], sc = this.lsc, el = this.lel;
    for (let k = n; k > i; k--) { sc[b + k] = sc[b + k - 1]; el[b + k] = el[b + k - 1]; }
    sc[b + i] = score; el[b + i] = ele;
    this.lcnt[x] = n + 1;
    this.length++;
  }

  private isFull(c: number, leaf: boolean): boolean {
    return leaf ? this.lcnt[c] === LCAP : this.icnt[c] === ICAP;
  }

  /**
   * Splits child j of inner node x, which is at height hx and has room for
   * one more child, before (score, ele) goes in. A full last leaf receiving a
   * key above all others keeps all but one entry (appends in key order, like
   * timestamps, then fill leaves instead of leaving them half empty).
   */
  private splitChild(x: number, j: number, hx: number, score: number, ele: string): void {
    const leafChild = hx === 1;
    const c = this.ich[x * ICAP + j];
    let sepScore: number, sepEle: string, r: number, leftSize: number, rightSize: number;
    if (leafChild) {
      r = this.newLeaf();
      const n = this.lcnt[c];
      const ls = this.lsc[c * LCAP + n - 1];
      const append = this.lnext[c] === NIL && (score > ls || (score === ls && ele > this.lel[c * LCAP + n - 1]));
      const h = append ? n - 1 : n >> 1;
      const cb = c * LCAP, rb = r * LCAP;
      for (let k = h; k < n; k++) {
        this.lsc[rb + k - h] = this.lsc[cb + k];
        this.lel[rb + k - h] = this.lel[cb + k];
        this.lel[cb + k] = '';
      }
      this.lcnt[c] = h; this.lcnt[r] = n - h;
      this.lpar[r] = x;
      const after = this.lnext[c];
      this.lnext[c] = r; this.lprev[r] = c; this.lnext[r] = after;
      if (after !== NIL) this.lprev[after] = r; else this.last = r;
      sepScore = this.lsc[rb]; sepEle = this.lel[rb];
      leftSize = h; rightSize = n - h;
    } else {
      r = this.newInner();
      const n = this.icnt[c], h = n >> 1;
      const cb = c * ICAP, rb = r * ICAP;
      // children h.. move right; separator h-1 goes up
      let rs = 0;
      for (let k = h; k < n; k++) {
        this.ich[rb + k - h] = this.ich[cb + k];
        this.isz[rb + k - h] = this.isz[cb + k];
        rs += this.isz[cb + k];
        this.setParent(this.ich[cb + k], r, hx === 2);
      }
      for (let k = h; k < n - 1; k++) {
        this.isc[rb + k - h] = this.isc[cb + k];
        this.iel[rb + k - h] = this.iel[cb + k];
        this.iel[cb + k] = '';
      }
      sepScore = this.isc[cb + h - 1]; sepEle = this.iel[cb + h - 1];
      this.iel[cb + h - 1] = '';
      this.icnt[c] = h; this.icnt[r] = n - h;
      this.ipar[r] = x;
      const total = this.isz[x * ICAP + j];
      rightSize = rs; leftSize = total - rs;
    }
    // insert separator j and child j+1 = r into x
    const b = x * ICAP, n = this.icnt[x];
    for (let k = n; k > j + 1; k--) { this.ich[b + k] = this.ich[b + k - 1]; this.isz[b + k] = this.isz[b + k - 1]; }
    for (let k = n - 1; k > j; k--) { this.isc[b + k] = this.isc[b + k - 1]; this.iel[b + k] = this.iel[b + k - 1]; }
    this.ich[b + j + 1] = r;
    this.isz[b + j] = leftSize; this.isz[b + j + 1] = rightSize;
    this.isc[b + j] = sepScore; this.iel[b + j] = sepEle;
    this.icnt[x] = n + 1;
  }

  /**
   * Moves (cur, ele) to (score, ele). The entry must be present. When the new
   * key still falls inside the same leaf (strictly between its first and last
   * other entries), the entries in between shift and nothing else changes;
   * otherwise it is removed (sizes fixed along the path found, no child
   * index searches) and inserted again.
   */
  update(ele: string, cur: number, score: number): void {
    const pn = PATH_NODE, pj = PATH_IDX;
    let x = this.root;
    for (let h = this.height; h > 0; h--) {
      const j = this.route(x, cur, ele);
      pn[h] = x; pj[h] = j;
      x = this.ich[x * ICAP + j];
    }
    const l = x, b = l * LCAP, n = this.lcnt[l], sc = this.lsc, el = this.lel;
    const i = this.lowerIn(l, cur, ele);
    if (!(i < n && sc[b + i] === cur && el[b + i] === ele)) throw new Error('ztree: updated key not found');
    // first and last entries other than i bound the keys that can stay in this leaf
    const lo = i === 0 ? 1 : 0, hi = i === n - 1 ? n - 2 : n - 1;
    if (lo <= hi) {
      const ls = sc[b + lo], hs = sc[b + hi];
      if ((ls < score || (ls === score && el[b + lo] < ele)) && (score < hs || (score === hs && ele < el[b + hi]))) {
        // new index among the other entries: those below (score, ele)
        let k = this.lowerIn(l, score, ele);
        if (k > i) {
          k--; // the moved entry no longer counts below
          for (let m = i; m < k; m++) { sc[b + m] = sc[b + m + 1]; el[b + m] = el[b + m + 1]; }
        } else {
          for (let m = i; m > k; m--) { sc[b + m] = sc[b + m - 1]; el[b + m] = el[b + m - 1]; }
        }
        sc[b + k] = score; el[b + k] = ele;
        return;
      }
    }
    for (let h = 1; h <= this.height; h++) this.isz[pn[h] * ICAP + pj[h]]--;
    this.cutAt(l, i);
    this.insert(ele, score);
  }

  // ---- deletion --------------------------------------------------------------------

  /** Removes (score, ele); returns false when absent. */
  remove(ele: string, score: number): boolean {
    if (!this.find(ele, score)) return false;
    this.removeAt(this.cl, this.ci);
    return true;
  }

  /** Removes entry i of leaf l. */
  removeAt(l: number, i: number): void {
    for (let c = l, p = this.lpar[l]; p !== NIL; c = p, p = this.ipar[p]) this.isz[p * ICAP + this.childIndex(p, c)]--;
    this.cutAt(l, i);
  }

  /** removeAt() once the subtree sizes above leaf l are already decremented. */
  private cutAt(l: number, i: number): void {
    const b = l * LCAP, n = this.lcnt[l], sc = this.lsc, el = this.lel;
    for (let k = i; k < n - 1; k++) { sc[b + k] = sc[b + k + 1]; el[b + k] = el[b + k + 1]; }
    el[b + n - 1] = '';
    this.lcnt[l] = n - 1;
    this.length--;
    if (this.length === 0) { this.reset(); return; }
    if (this.height === 0) return; // the root leaf
    if (n - 1 === 0) this.dropLeaf(l);
    else if (n - 1 < LCAP / 4) this.mergeLeaf(l);
  }

  /** Back to one empty root leaf. */
  private reset(): void {
    this.lTop = 0; this.lFree = NIL; this.leaves = 0; this.lel = [];
    this.iTop = 0; this.iFree = NIL; this.inners = 0; this.iel = [];
    this.lsc = new Float64Array(LCAP * 2);
    this.lcnt = new Int32Array(2); this.lpar = new Int32Array(2); this.lprev = new Int32Array(2); this.lnext = new Int32Array(2);
    this.isc = new Float64Array(0); this.isz = new Float64Array(0); this.ich = new Int32Array(0);
    this.icnt = new Int32Array(0); this.ipar = new Int32Array(0);
    this.height = 0;
    this.root = this.first = this.last = this.newLeaf();
    this.lpar[this.root] = NIL;
    this.length = 0;
  }

  /** Unlinks an empty non-root leaf from the chain and its parent. */
  private dropLeaf(l: number): void {
    const p = this.lprev[l], q = this.lnext[l];
    if (p !== NIL) this.lnext[p] = q; else this.first = q;
    if (q !== NIL) this.lprev[q] = p; else this.last = p;
    const x = this.lpar[l];
    this.removeChild(x, this.childIndex(x, l));
    this.freeLeaf(l);
    this.fixInner(x);
  }

  /** Removes child j (and the separator next to it) from inner node x. */
  private removeChild(x: number, j: number): void {
    const b = x * ICAP, n = this.icnt[x];
    for (let k = j; k < n - 1; k++) { this.ich[b + k] = this.ich[b + k + 1]; this.isz[b + k] = this.isz[b + k + 1]; }
    const s = j > 0 ? j - 1 : 0; // separator between the removed child and a neighbour
    for (let k = s; k < n - 2; k++) { this.isc[b + k] = this.isc[b + k + 1]; this.iel[b + k] = this.iel[b + k + 1]; }
    if (n >= 2) this.iel[b + n - 2] = '';
    this.icnt[x] = n - 1;
  }

  /** After inner node x lost a child: collapses the root, drops an empty node, or merges a thin one. */
  private fixInner(x: number): void {
    const n = this.icnt[x];
    if (x === this.root) {
      if (n === 1) {
        const c = this.ich[x * ICAP];
        this.setParent(c, NIL, this.height === 1);
        this.root = c;
        this.height--;
        this.freeInner(x);
      }
      return;
    }
    const p = this.ipar[x];
    if (n === 0) {
      this.removeChild(p, this.childIndex(p, x));
      this.freeInner(x);
      this.fixInner(p);
    } else if (n < ICAP / 4) this.mergeInner(x);
  }

  /** Merges a thin leaf with a sibling under the same parent when both fit in three quarters of a leaf. */
  private mergeLeaf(l: number): void {
    const x = this.lpar[l];
    const j = this.childIndex(x, l), n = this.icnt[x];
    let left: number, right: number, jr: number;
    if (j > 0 && this.lcnt[this.ich[x * ICAP + j - 1]] + this.lcnt[l] <= (LCAP * 3) >> 2) { left = this.ich[x * ICAP + j - 1]; right = l; jr = j; }
    else if (j < n - 1 && this.lcnt[this.ich[x * ICAP + j + 1]] + this.lcnt[l] <= (LCAP * 3) >> 2) { left = l; right = this.ich[x * ICAP + j + 1]; jr = j + 1; }
    else return;
    const lb = left * LCAP, rb = right * LCAP, ln = this.lcnt[left], rn = this.lcnt[right];
    for (let k = 0; k < rn; k++) { this.lsc[lb + ln + k] = this.lsc[rb + k]; this.lel[lb + ln + k] = this.lel[rb + k]; }
    this.lcnt[left] = ln + rn;
    this.isz[x * ICAP + jr - 1] += this.isz[x * ICAP + jr];
    const q = this.lnext[right];
    this.lnext[left] = q;
    if (q !== NIL) this.lprev[q] = left; else this.last = left;
    this.removeChild(x, jr);
    this.freeLeaf(right);
    this.fixInner(x);
  }

  /** Merges a thin inner node with a sibling when both fit in three quarters of a node. */
  private mergeInner(y: number): void {
    const x = this.ipar[y];
    const j = this.childIndex(x, y), n = this.icnt[x];
    let left: number, right: number, jr: number;
    if (j > 0 && this.icnt[this.ich[x * ICAP + j - 1]] + this.icnt[y] <= (ICAP * 3) >> 2) { left = this.ich[x * ICAP + j - 1]; right = y; jr = j; }
    else if (j < n - 1 && this.icnt[this.ich[x * ICAP + j + 1]] + this.icnt[y] <= (ICAP * 3) >> 2) { left = y; right = this.ich[x * ICAP + j + 1]; jr = j + 1; }
    else return;
    const lb = left * ICAP, rb = right * ICAP, ln = this.icnt[left], rn = this.icnt[right];
    const leafKids = this.heightOf(left) === 1;
    // separator from the parent goes between the two runs of children
    this.isc[lb + ln - 1] = this.isc[x * ICAP + jr - 1];
    this.iel[lb + ln - 1] = this.iel[x * ICAP + jr - 1];
    for (let k = 0; k < rn; k++) {
      const c = this.ich[rb + k];
      this.ich[lb + ln + k] = c;
      this.isz[lb + ln + k] = this.isz[rb + k];
      this.setParent(c, left, leafKids);
    }
    for (let k = 0; k < rn - 1; k++) { this.isc[lb + ln + k] = this.isc[rb + k]; this.iel[lb + ln + k] = this.iel[rb + k]; }
    this.icnt[left] = ln + rn;
    this.isz[x * ICAP + jr - 1] += this.isz[x * ICAP + jr];
    this.removeChild(x, jr);
    this.freeInner(right);
    this.fixInner(x);
  }

  /** Whether the pools are mostly free (worth rebuild()). */
  get sparse(): boolean {
    return (this.lTop > 64 && this.leaves * 4 < this.lTop) || (this.iTop > 16 && this.inners * 4 < this.iTop);
  }

  // ---- checks ------------------------------------------------------------------------

  /** Checks every invariant (tests). Throws on violation. */
  verify(): void {
    let count = 0, prevS = -Infinity, prevE: string | null = null, prevLeaf = NIL;
    for (let l = this.first; l !== NIL; l = this.lnext[l]) {
      if (this.lprev[l] !== prevLeaf) throw new Error('bad leaf chain');
      if (this.lcnt[l] === 0 && !(this.height === 0 && this.length === 0)) throw new Error('empty leaf');
      for (let i = 0; i < this.lcnt[l]; i++) {
        const s = this.lsc[l * LCAP + i], e = this.lel[l * LCAP + i];
        if (prevE !== null && !(prevS < s || (prevS === s && prevE < e))) throw new Error('keys out of order');
        prevS = s; prevE = e;
        count++;
      }
      prevLeaf = l;
    }
    if (prevLeaf !== this.last) throw new Error('bad last leaf');
    if (count !== this.length) throw new Error(`bad length ${this.length} != ${count}`);
    const walk = (x: number, h: number, par: number, lo: [number, string] | null, hi: [number, string] | null): number => {
      const inRange = (s: number, e: string) => (lo === null || lo[0] < s || (lo[0] === s && lo[1] <= e)) && (hi === null || s < hi[0] || (s === hi[0] && e < hi[1]));
      if (h === 0) {
        if (this.lpar[x] !== par) throw new Error('bad leaf parent');
        for (let i = 0; i < this.lcnt[x]; i++) if (!inRange(this.lsc[x * LCAP + i], this.lel[x * LCAP + i])) throw new Error('leaf key outside its separators');
        return this.lcnt[x];
      }
      if (this.ipar[x] !== par) throw new Error('bad inner parent');
      const n = this.icnt[x];
      if (n < 1 || (x === this.root && n < 2)) throw new Error('thin inner node');
      let total = 0;
      for (let j = 0; j < n; j++) {
        const clo: [number, string] | null = j === 0 ? lo : [this.isc[x * ICAP + j - 1], this.iel[x * ICAP + j - 1]];
        const chi: [number, string] | null = j === n - 1 ? hi : [this.isc[x * ICAP + j], this.iel[x * ICAP + j]];
        const sz = walk(this.ich[x * ICAP + j], h - 1, x, clo, chi);
        if (sz !== this.isz[x * ICAP + j]) throw new Error('bad subtree size');
        total += sz;
      }
      return total;
    };
    if (walk(this.root, this.height, NIL, null, null) !== this.length) throw new Error('bad total size');
  }
}

function grow32(a: Int32Array, cap: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}
