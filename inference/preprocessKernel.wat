;; Pillow's 8-bit resampling passes and the normalisation of preprocess.ts, in WebAssembly SIMD,
;; bit for bit the JS passes' results: int32 accumulators starting at HALF (2^21), wrapping i32
;; multiply-adds (Math.imul and `| 0`), an arithmetic shift by 22, then a clamp to 0..255 (the two
;; saturating narrows i32 → i16 → u8: after the shift every value lies in −512..511).
;; inference/preprocessKernel.ts drives it: it lays out one band of rows at a time in the module's
;; memory (addresses are the parameters; nothing here knows the layout) and pads every region by
;; 16 bytes, since the passes read and write up to 15 bytes past a row's end.
;; Everything per element is written inline: V8 in Node 20 does not inline WebAssembly calls.
;; Compiled by scripts/build-wasm-kernels.mjs into preprocessKernelWasm.ts; a unit test checks that
;; the committed bytes are this file's.
;;
;; Memory: one fixed block of 8 MiB, never grown (preprocessKernel.ts's MEMORY_BYTES).
(module
  (memory (export "memory") 128)

  ;; Horizontal pass (ImagingResampleHorizontal_8bpc) of $rows rows of interleaved RGB at $src,
  ;; $srcStride bytes apart, into $cols pixels a row at $dst (rows $cols × 3 bytes apart).
  ;; Output pixel x takes $counts[x] taps from $taps + x·$ksize (i32 each), the first at byte
  ;; $starts[x] of the source row. One tap: the pixel's 4 bytes (RGB and the next pixel's R, an
  ;; ignored lane) widened to i32x4, times the tap, added; the result's 4 bytes are stored, the
  ;; fourth overwritten by the next pixel (or landing in the padding).
  (func (export "horizontal")
    (param $src i32) (param $srcStride i32) (param $rows i32)
    (param $starts i32) (param $counts i32) (param $taps i32) (param $ksize i32)
    (param $cols i32) (param $dst i32)
    (local $row i32) (local $rowEnd i32) (local $x i32) (local $p i32) (local $tp i32) (local $tend i32)
    (local $acc v128) (local $v v128) (local $tapBytes i32)
    (if (i32.or (i32.eqz (local.get $rows)) (i32.eqz (local.get $cols))) (then (return)))
    (local.set $tapBytes (i32.shl (local.get $ksize) (i32.const 2)))
    (local.set $row (local.get $src))
    (local.set $rowEnd (i32.add (local.get $src) (i32.mul (local.get $rows) (local.get $srcStride))))
    (loop $rowsLoop
      (local.set $x (i32.const 0))
      (local.set $tp (local.get $taps))
      (loop $pixels
        (local.set $acc (i32x4.splat (i32.const 2097152)))
        (local.set $p (i32.add (local.get $row) (i32.load (i32.add (local.get $starts) (i32.shl (local.get $x) (i32.const 2))))))
        (local.set $tend (i32.add (local.get $tp)
          (i32.shl (i32.load (i32.add (local.get $counts) (i32.shl (local.get $x) (i32.const 2)))) (i32.const 2))))
        (block $tapsDone
          (br_if $tapsDone (i32.ge_u (local.get $tp) (local.get $tend)))
          (loop $tapsLoop
            (local.set $acc (i32x4.add (local.get $acc)
              (i32x4.mul
                (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero (local.get $p))))
                (i32x4.splat (i32.load (local.get $tp))))))
            (local.set $p (i32.add (local.get $p) (i32.const 3)))
            (local.set $tp (i32.add (local.get $tp) (i32.const 4)))
            (br_if $tapsLoop (i32.lt_u (local.get $tp) (local.get $tend)))))
        (local.set $v (i32x4.shr_s (local.get $acc) (i32.const 22)))
        (local.set $v (i8x16.narrow_i16x8_u (i16x8.narrow_i32x4_s (local.get $v) (local.get $v)) (i16x8.narrow_i32x4_s (local.get $v) (local.get $v))))
        (v128.store32_lane 0 (local.get $dst) (local.get $v))
        (local.set $dst (i32.add (local.get $dst) (i32.const 3)))
        ;; The next pixel's taps: $tp back to this pixel's first, then one row of $ksize on.
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (local.set $tp (i32.add (local.get $taps) (i32.mul (local.get $x) (local.get $tapBytes))))
        (br_if $pixels (i32.lt_u (local.get $x) (local.get $cols))))
      (local.set $row (i32.add (local.get $row) (local.get $srcStride)))
      (br_if $rowsLoop (i32.lt_u (local.get $row) (local.get $rowEnd)))))

  ;; Vertical pass (ImagingResampleVertical_8bpc): output row y (of $outRows, $rowBytes bytes apart
  ;; at $dst) takes $counts[y] taps from $taps + y·$ksize, applied to the rows of $tmp from byte
  ;; $starts[y] on, $rowBytes apart. Sixteen bytes at a time: four i32x4 accumulators held over
  ;; the taps, then narrowed and stored whole (up to 15 bytes past the row: the next row's start,
  ;; written after, or the padding).
  (func (export "vertical")
    (param $tmp i32) (param $rowBytes i32) (param $starts i32) (param $counts i32) (param $taps i32)
    (param $ksize i32) (param $outRows i32) (param $dst i32)
    (local $y i32) (local $i i32) (local $p i32) (local $tp i32) (local $tfirst i32) (local $tend i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $v v128) (local $w v128) (local $tap v128) (local $rowStart i32)
    (if (i32.or (i32.eqz (local.get $outRows)) (i32.eqz (local.get $rowBytes))) (then (return)))
    (loop $rowsLoop
      (local.set $tfirst (i32.add (local.get $taps) (i32.shl (i32.mul (local.get $y) (local.get $ksize)) (i32.const 2))))
      (local.set $tend (i32.add (local.get $tfirst)
        (i32.shl (i32.load (i32.add (local.get $counts) (i32.shl (local.get $y) (i32.const 2)))) (i32.const 2))))
      (local.set $rowStart (i32.add (local.get $tmp) (i32.load (i32.add (local.get $starts) (i32.shl (local.get $y) (i32.const 2))))))
      (local.set $i (i32.const 0))
      (loop $chunks
        (local.set $a0 (i32x4.splat (i32.const 2097152)))
        (local.set $a1 (local.get $a0))
        (local.set $a2 (local.get $a0))
        (local.set $a3 (local.get $a0))
        (local.set $p (i32.add (local.get $rowStart) (local.get $i)))
        (local.set $tp (local.get $tfirst))
        (block $tapsDone
          (br_if $tapsDone (i32.ge_u (local.get $tp) (local.get $tend)))
          (loop $tapsLoop
            (local.set $tap (i32x4.splat (i32.load (local.get $tp))))
            (local.set $v (v128.load (local.get $p)))
            (local.set $w (i16x8.extend_low_i8x16_u (local.get $v)))
            (local.set $a0 (i32x4.add (local.get $a0) (i32x4.mul (i32x4.extend_low_i16x8_u (local.get $w)) (local.get $tap))))
            (local.set $a1 (i32x4.add (local.get $a1) (i32x4.mul (i32x4.extend_high_i16x8_u (local.get $w)) (local.get $tap))))
            (local.set $w (i16x8.extend_high_i8x16_u (local.get $v)))
            (local.set $a2 (i32x4.add (local.get $a2) (i32x4.mul (i32x4.extend_low_i16x8_u (local.get $w)) (local.get $tap))))
            (local.set $a3 (i32x4.add (local.get $a3) (i32x4.mul (i32x4.extend_high_i16x8_u (local.get $w)) (local.get $tap))))
            (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
            (local.set $tp (i32.add (local.get $tp) (i32.const 4)))
            (br_if $tapsLoop (i32.lt_u (local.get $tp) (local.get $tend)))))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (i8x16.narrow_i16x8_u
            (i16x8.narrow_i32x4_s (i32x4.shr_s (local.get $a0) (i32.const 22)) (i32x4.shr_s (local.get $a1) (i32.const 22)))
            (i16x8.narrow_i32x4_s (i32x4.shr_s (local.get $a2) (i32.const 22)) (i32x4.shr_s (local.get $a3) (i32.const 22)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $chunks (i32.lt_u (local.get $i) (local.get $rowBytes))))
      (local.set $dst (i32.add (local.get $dst) (local.get $rowBytes)))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br_if $rowsLoop (i32.lt_u (local.get $y) (local.get $outRows)))))

  ;; ToTensor + Normalize through preprocess.ts's table: $pixels RGB pixels at $src into three
  ;; float32 planes at $out ($pixels apart): plane c, pixel i = $lut[c·256 + $src[3i + c]]. The
  ;; floats are copied bit for bit (f32.load and f32.store never change a value's bits).
  (func (export "normalize") (param $src i32) (param $pixels i32) (param $lut i32) (param $out i32)
    (local $end i32) (local $g i32) (local $b i32)
    (if (i32.eqz (local.get $pixels)) (then (return)))
    (local.set $g (i32.add (local.get $out) (i32.shl (local.get $pixels) (i32.const 2))))
    (local.set $b (i32.add (local.get $g) (i32.shl (local.get $pixels) (i32.const 2))))
    (local.set $end (local.get $g))
    (loop $pixelsLoop
      (f32.store (local.get $out) (f32.load (i32.add (local.get $lut) (i32.shl (i32.load8_u (local.get $src)) (i32.const 2)))))
      (f32.store (local.get $g) (f32.load offset=1024 (i32.add (local.get $lut) (i32.shl (i32.load8_u offset=1 (local.get $src)) (i32.const 2)))))
      (f32.store (local.get $b) (f32.load offset=2048 (i32.add (local.get $lut) (i32.shl (i32.load8_u offset=2 (local.get $src)) (i32.const 2)))))
      (local.set $src (i32.add (local.get $src) (i32.const 3)))
      (local.set $g (i32.add (local.get $g) (i32.const 4)))
      (local.set $b (i32.add (local.get $b) (i32.const 4)))
      (local.set $out (i32.add (local.get $out) (i32.const 4)))
      (br_if $pixelsLoop (i32.lt_u (local.get $out) (local.get $end))))))
