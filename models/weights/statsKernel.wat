;; The two passes of checkpoint statistics over float32 values, in WebAssembly SIMD (four float32
;; lanes; sums in two float64x2 accumulators). models/weights/statsKernel.ts drives it: it copies
;; a tensor into SCRATCH a chunk at a time, pads the chunk to a multiple of 4 with NaN (which every
;; statistic skips; the caller takes the padding off the non-finite count), and combines the
;; chunks' results. The conventions are those of tensorStats.ts (numpy's, on float64 values).
;; Everything per element is written inline: V8 in Node 20 does not inline WebAssembly calls, and
;; a call per group of four values made the passes 2–4× slower (measured).
;; Compiled by scripts/build-wasm-kernels.mjs into statsKernelWasm.ts; a unit test checks that the
;; committed bytes are this file's.
;;
;; Memory (one fixed block, never grown):
;;   EDGES   = 0     f64[65]      histogram edges, written by the caller before secondPass
;;   COUNTS  = 1024  i32[4][64]   histogram counts, one row per lane (breaks store-to-load chains)
;;   RESULTS = 2048  f64[6]       firstPass:  sum, carry, min, max, zeros, finite
;;                                secondPass: squares, carry
;;   SCRATCH = 4096  f32[CHUNK]   the values, CHUNK = 262144 (1 MiB)
(module
  (memory (export "memory") 17)

  ;; Neumaier's compensated addition of $x to the running ($sum, $carry) at RESULTS.
  (func $compensatedAdd (param $x f64)
    (local $sum f64) (local $t f64)
    (local.set $sum (f64.load (i32.const 2048)))
    (local.set $t (f64.add (local.get $sum) (local.get $x)))
    (f64.store (i32.const 2056)
      (f64.add (f64.load (i32.const 2056))
        (if (result f64) (f64.ge (f64.abs (local.get $sum)) (f64.abs (local.get $x)))
          (then (f64.add (f64.sub (local.get $sum) (local.get $t)) (local.get $x)))
          (else (f64.add (f64.sub (local.get $x) (local.get $t)) (local.get $sum))))))
    (f64.store (i32.const 2048) (local.get $t)))

  (func $laneSum (param $a v128) (param $b v128) (result f64)
    (f64.add
      (f64.add (f64x2.extract_lane 0 (local.get $a)) (f64x2.extract_lane 1 (local.get $a)))
      (f64.add (f64x2.extract_lane 0 (local.get $b)) (f64x2.extract_lane 1 (local.get $b)))))

    ;; Min, max, sum (blocks of 1024 summed plainly, the blocks with compensation), zeros and finite
  ;; elements of SCRATCH[0, $n); $n is a multiple of 4.
  (func (export "firstPass") (param $n i32)
    (local $p i32) (local $end i32) (local $blockEnd i32)
    (local $x v128) (local $finite v128) (local $xf v128)
    (local $min v128) (local $max v128) (local $zeros v128) (local $count v128)
    (local $low v128) (local $hi v128)
    (local.set $min (f32x4.splat (f32.const inf)))
    (local.set $max (f32x4.splat (f32.const -inf)))
    (f64.store (i32.const 2048) (f64.const 0))
    (f64.store (i32.const 2056) (f64.const 0))
    (local.set $p (i32.const 4096))
    (local.set $end (i32.add (i32.const 4096) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $blockEnd (i32.add (local.get $p) (i32.const 4096)))
        (if (i32.gt_u (local.get $blockEnd) (local.get $end)) (then (local.set $blockEnd (local.get $end))))
        (local.set $low (v128.const i64x2 0 0))
        (local.set $hi (v128.const i64x2 0 0))
        (loop $elements
          (local.set $x (v128.load (local.get $p)))
          ;; x − x is 0 for every finite x, NaN for NaN and ±Inf: all-ones lanes where finite.
          (local.set $finite (f32x4.eq (f32x4.sub (local.get $x) (local.get $x)) (v128.const f32x4 0 0 0 0)))
          (local.set $count (i32x4.sub (local.get $count) (local.get $finite)))
          (local.set $zeros (i32x4.sub (local.get $zeros) (f32x4.eq (local.get $x) (v128.const f32x4 0 0 0 0))))
          (local.set $min (f32x4.min (local.get $min)
            (v128.bitselect (local.get $x) (v128.const f32x4 inf inf inf inf) (local.get $finite))))
          (local.set $max (f32x4.max (local.get $max)
            (v128.bitselect (local.get $x) (v128.const f32x4 -inf -inf -inf -inf) (local.get $finite))))
          (local.set $xf (v128.and (local.get $x) (local.get $finite)))
          (local.set $low (f64x2.add (local.get $low) (f64x2.promote_low_f32x4 (local.get $xf))))
          (local.set $hi (f64x2.add (local.get $hi) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $xf) (local.get $xf)))))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (br_if $elements (i32.lt_u (local.get $p) (local.get $blockEnd))))
        (call $compensatedAdd (call $laneSum (local.get $low) (local.get $hi)))
        (br $blocks)))
    (f64.store (i32.const 2064) (f64.promote_f32 (f32.min
      (f32.min (f32x4.extract_lane 0 (local.get $min)) (f32x4.extract_lane 1 (local.get $min)))
      (f32.min (f32x4.extract_lane 2 (local.get $min)) (f32x4.extract_lane 3 (local.get $min))))))
    (f64.store (i32.const 2072) (f64.promote_f32 (f32.max
      (f32.max (f32x4.extract_lane 0 (local.get $max)) (f32x4.extract_lane 1 (local.get $max)))
      (f32.max (f32x4.extract_lane 2 (local.get $max)) (f32x4.extract_lane 3 (local.get $max))))))
    (f64.store (i32.const 2080) (f64.convert_i32_u (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $zeros)) (i32x4.extract_lane 1 (local.get $zeros)))
      (i32.add (i32x4.extract_lane 2 (local.get $zeros)) (i32x4.extract_lane 3 (local.get $zeros))))))
    (f64.store (i32.const 2088) (f64.convert_i32_u (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $count)) (i32x4.extract_lane 1 (local.get $count)))
      (i32.add (i32x4.extract_lane 2 (local.get $count)) (i32x4.extract_lane 3 (local.get $count)))))))

  ;; np.histogram's bin of one value, with its correction by the edges where the index's fraction is
  ;; within $margin of a whole number; counted in row $lane. Non-finite values are skipped.
  (func $binOne (param $x f64) (param $lane i32) (param $lo f64) (param $norm f64) (param $margin f64)
    (local $f f64) (local $b i32) (local $fraction f64) (local $a i32)
    (if (f64.ne (f64.sub (local.get $x) (local.get $x)) (f64.const 0)) (then (return)))
    (local.set $f (f64.mul (f64.sub (local.get $x) (local.get $lo)) (local.get $norm)))
    (local.set $b (i32.trunc_sat_f64_s (local.get $f)))
    (local.set $fraction (f64.sub (local.get $f) (f64.convert_i32_s (local.get $b))))
    (if (i32.or (f64.lt (local.get $fraction) (local.get $margin))
                (f64.gt (local.get $fraction) (f64.sub (f64.const 1) (local.get $margin))))
      (then
        (if (i32.eq (local.get $b) (i32.const 64)) (then (local.set $b (i32.const 63))))
        (if (f64.lt (local.get $x) (f64.load (i32.shl (local.get $b) (i32.const 3))))
          (then (local.set $b (i32.sub (local.get $b) (i32.const 1))))
          (else
            (if (i32.and (i32.ne (local.get $b) (i32.const 63))
                         (f64.ge (local.get $x) (f64.load offset=8 (i32.shl (local.get $b) (i32.const 3)))))
              (then (local.set $b (i32.add (local.get $b) (i32.const 1)))))))))
    (local.set $a (i32.add (i32.const 1024)
      (i32.shl (i32.add (i32.shl (local.get $lane) (i32.const 6)) (local.get $b)) (i32.const 2))))
    (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1))))

  ;; Σ(x − $mean)² over the finite elements of SCRATCH[0, $n) (blocks as in firstPass) into
  ;; RESULTS, and their histogram added to COUNTS: bin (x − $lo) · $norm, numpy's formula.
  (func (export "secondPass") (param $n i32) (param $mean f64) (param $lo f64) (param $norm f64) (param $margin f64)
    (local $p i32) (local $end i32) (local $blockEnd i32)
    (local $x v128) (local $finite v128) (local $xl v128) (local $xh v128) (local $d v128)
    (local $low v128) (local $hi v128) (local $fl v128) (local $fh v128) (local $bl v128) (local $bh v128)
    (local $near v128) (local $a i32)
    (f64.store (i32.const 2048) (f64.const 0))
    (f64.store (i32.const 2056) (f64.const 0))
    (local.set $p (i32.const 4096))
    (local.set $end (i32.add (i32.const 4096) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $blockEnd (i32.add (local.get $p) (i32.const 4096)))
        (if (i32.gt_u (local.get $blockEnd) (local.get $end)) (then (local.set $blockEnd (local.get $end))))
        (local.set $low (v128.const i64x2 0 0))
        (local.set $hi (v128.const i64x2 0 0))
        (loop $elements
          (local.set $x (v128.load (local.get $p)))
          (local.set $finite (f32x4.eq (f32x4.sub (local.get $x) (local.get $x)) (v128.const f32x4 0 0 0 0)))
          (local.set $xl (f64x2.promote_low_f32x4 (local.get $x)))
          (local.set $xh (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x))))
          ;; Squares: non-finite lanes masked to 0 (the float32 mask widened to float64 lanes).
          (local.set $d (v128.and (f64x2.sub (local.get $xl) (f64x2.splat (local.get $mean)))
            (i64x2.extend_low_i32x4_s (local.get $finite))))
          (local.set $low (f64x2.add (local.get $low) (f64x2.mul (local.get $d) (local.get $d))))
          (local.set $d (v128.and (f64x2.sub (local.get $xh) (f64x2.splat (local.get $mean)))
            (i64x2.extend_high_i32x4_s (local.get $finite))))
          (local.set $hi (f64x2.add (local.get $hi) (f64x2.mul (local.get $d) (local.get $d))))
          ;; Bins: the four indices at once; a lane near a bin edge, or non-finite, takes $binOne.
          (local.set $fl (f64x2.mul (f64x2.sub (local.get $xl) (f64x2.splat (local.get $lo))) (f64x2.splat (local.get $norm))))
          (local.set $fh (f64x2.mul (f64x2.sub (local.get $xh) (f64x2.splat (local.get $lo))) (f64x2.splat (local.get $norm))))
          (local.set $bl (i32x4.trunc_sat_f64x2_s_zero (local.get $fl)))
          (local.set $bh (i32x4.trunc_sat_f64x2_s_zero (local.get $fh)))
          (local.set $fl (f64x2.sub (local.get $fl) (f64x2.convert_low_i32x4_s (local.get $bl))))
          (local.set $fh (f64x2.sub (local.get $fh) (f64x2.convert_low_i32x4_s (local.get $bh))))
          (local.set $near (v128.or
            (v128.or (f64x2.lt (local.get $fl) (f64x2.splat (local.get $margin)))
                     (f64x2.gt (local.get $fl) (f64x2.splat (f64.sub (f64.const 1) (local.get $margin)))))
            (v128.or (f64x2.lt (local.get $fh) (f64x2.splat (local.get $margin)))
                     (f64x2.gt (local.get $fh) (f64x2.splat (f64.sub (f64.const 1) (local.get $margin)))))))
          (if (i32.or (v128.any_true (local.get $near)) (i32.eqz (i32x4.all_true (local.get $finite))))
            (then
              (call $binOne (f64x2.extract_lane 0 (local.get $xl)) (i32.const 0) (local.get $lo) (local.get $norm) (local.get $margin))
              (call $binOne (f64x2.extract_lane 1 (local.get $xl)) (i32.const 1) (local.get $lo) (local.get $norm) (local.get $margin))
              (call $binOne (f64x2.extract_lane 0 (local.get $xh)) (i32.const 2) (local.get $lo) (local.get $norm) (local.get $margin))
              (call $binOne (f64x2.extract_lane 1 (local.get $xh)) (i32.const 3) (local.get $lo) (local.get $norm) (local.get $margin)))
            (else
              (local.set $a (i32.add (i32.const 1024) (i32.shl (i32x4.extract_lane 0 (local.get $bl)) (i32.const 2))))
              (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
              (local.set $a (i32.add (i32.const 1280) (i32.shl (i32x4.extract_lane 1 (local.get $bl)) (i32.const 2))))
              (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
              (local.set $a (i32.add (i32.const 1536) (i32.shl (i32x4.extract_lane 0 (local.get $bh)) (i32.const 2))))
              (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
              (local.set $a (i32.add (i32.const 1792) (i32.shl (i32x4.extract_lane 1 (local.get $bh)) (i32.const 2))))
              (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (br_if $elements (i32.lt_u (local.get $p) (local.get $blockEnd))))
        (call $compensatedAdd (call $laneSum (local.get $low) (local.get $hi)))
        (br $blocks))))
)
