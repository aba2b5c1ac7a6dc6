#!/usr/bin/env python
"""Train the tiny SenseVoice model that says known things for known sounds.

Writes ``tests/assets/tiny_sensevoice/`` (or ``--out``): a model folder built by
``tests.rig.tiny_model.build_model_dir`` with trained weights, loadable with
``funasr.AutoModel(model=<dir>)``. See ``tests/rig/tiny_trained.py`` for the targets
(e.g. applause -> ``<|nospeech|><|EMO_UNKNOWN|><|Applause|><|woitn|>``).

funasr's own ``SenseVoiceSmall.forward()`` maps language/text-norm targets through ids
of the full 25,055-piece vocabulary, so this script has its own small loop: features
from the model's own frontend (``extract_fbank``, as inference computes them), the four
query embeddings prepended exactly as ``SenseVoiceSmall.inference()`` does (language,
1, 2, text norm), cross-entropy of ``ctc.ctc_lo`` on the first four encoder frames
against the four tag ids, and CTC (blank 0) on the rest against the text pieces.

Usage: ``python scripts/train_tiny_model.py [--out DIR] [--steps N]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from tests.rig import signals, tiny_model, tiny_trained  # noqa: E402

SR = signals.SAMPLE_RATE
# language query ids of SenseVoiceSmall.lid_dict / textnorm_dict
LID = {"auto": 0, "zh": 3, "en": 4, "yue": 7, "ja": 11, "ko": 12}
TEXTNORM = {"withitn": 14, "woitn": 15}
# event/emotion queries are always ids 1 and 2 in inference()
EVENT_EMO_QUERY = (1, 2)

MODEL_SHAPE = {"d_model": 64, "num_blocks": 3, "tp_blocks": 1, "attention_heads": 4, "linear_units": 256}


class ClipSampler:
    """Random training clips: crops of long generated signals and of real speech."""

    def __init__(self, rng: np.random.Generator, pool_per_class: int, pool_s: float = 7.0):
        self.rng = rng
        self.pool = {
            kind: [signals.GENERATORS[kind](pool_s, 100 * k + c) for k in range(pool_per_class)]
            for c, kind in enumerate(tiny_trained.CLASSES)
            if kind != "silence"
        }
        self.real = signals.load_real_speech()

    def _noise(self, n: int, level: float) -> np.ndarray:
        x = self.rng.standard_normal(n)
        if self.rng.random() < 0.5:  # sometimes a darker room tone
            x = np.convolve(x, np.ones(8) / np.sqrt(8), mode="same")
        return level * x

    def _crop(self, source: np.ndarray, n: int) -> np.ndarray:
        if len(source) <= n:
            return np.pad(source, (0, n - len(source)))
        start = int(self.rng.integers(0, len(source) - n))
        return source[start : start + n]

    def _real_crop(self, n: int) -> np.ndarray:
        while True:
            rec = self.real[int(self.rng.integers(len(self.real)))]
            crop = self._crop(rec, n)
            if np.sqrt(np.mean(crop**2)) >= 0.5 * np.sqrt(np.mean(rec**2)):
                return crop

    def burst_over_speech(self) -> tuple[np.ndarray, float]:
        """Speech with an applause burst over part of it; returns the clip and the share
        of it the burst covers (the Applause probability the model is taught)."""
        rng = self.rng
        n = int(rng.uniform(1.5, 6.0) * SR)
        if self.real and rng.random() < 0.5:
            x = self._real_crop(n).astype(np.float64)
        else:
            x = self._crop(self.pool["speech"][int(rng.integers(len(self.pool["speech"])))], n)
        x = x * (10 ** rng.uniform(np.log10(0.1), np.log10(0.9)) / (np.max(np.abs(x)) + 1e-9))
        share = float(rng.uniform(0.15, 1.0))  # smaller bursts would teach it to hedge on all speech
        m = max(1, int(share * n))
        start = int(rng.integers(0, n - m + 1))
        burst = self._crop(self.pool["applause"][int(rng.integers(len(self.pool["applause"])))], m)
        level = rng.uniform(0.3, 1.0) * np.max(np.abs(x)) / (np.max(np.abs(burst)) + 1e-9)
        x[start : start + m] += burst * level
        if rng.random() < 0.5:
            x = x + self._noise(len(x), 10 ** rng.uniform(-5.5, -3.3))
        return x.astype(np.float32), m / n

    def short_sound(self, kind: str) -> np.ndarray:
        """A sound of 0.15-0.5 s alone in a quiet 0.8-1.5 s clip (how the window planner
        widens a short sound in a quiet gap)."""
        rng = self.rng
        n = int(rng.uniform(0.8, 1.5) * SR)
        m = int(rng.uniform(0.15, 0.5) * SR)
        x = self._noise(n, 10 ** rng.uniform(-5.0, -3.0))
        sound = self._crop(self.pool[kind][int(rng.integers(len(self.pool[kind])))], m)
        start = int(rng.integers(0, n - m + 1))
        x[start : start + m] += (
            sound * 10 ** rng.uniform(np.log10(0.1), np.log10(0.9)) / (np.max(np.abs(sound)) + 1e-9)
        )
        return x.astype(np.float32)

    def sample(self, kind: str) -> np.ndarray:
        rng = self.rng
        total = int(rng.uniform(1.0, 6.0) * SR)
        pre = post = 0
        if kind != "silence" and rng.random() < 0.4:  # silence before and/or after the sound
            pre = int(rng.uniform(0.0, 0.35) * SR)
            post = int(rng.uniform(0.0, 0.35) * SR)
        n = max(int(0.5 * SR), total - pre - post)
        if kind == "silence":
            # low noise, or digital silence (exact zeros: log-mel features at the floor)
            x = self._noise(n, 10 ** rng.uniform(-5.3, -2.5)) if rng.random() < 0.75 else np.zeros(n)
        else:
            if kind == "speech" and self.real and rng.random() < 0.5:
                x = self._real_crop(n).astype(np.float64)
            else:
                x = self._crop(self.pool[kind][int(rng.integers(len(self.pool[kind])))], n)
            peak = np.max(np.abs(x)) + 1e-9
            x = x * (10 ** rng.uniform(np.log10(0.04), np.log10(0.95)) / peak)
        x = np.concatenate([np.zeros(pre), x, np.zeros(post)])
        if rng.random() < 0.5:  # background noise; otherwise gaps stay exact zeros
            x = x + self._noise(len(x), 10 ** rng.uniform(-5.5, -3.3))
        return x.astype(np.float32)


def target_ids(sp, kind: str, language: str, textnorm: str) -> tuple[list[int], list[int]]:
    """(four tag ids, text piece ids) for a clip, checked to decode to the expected text."""
    expected = tiny_trained.expected_text(kind, language=language, use_itn=textnorm == "withitn")
    lang, emo, event, text = tiny_trained.TARGETS[kind]
    lang = f"<|{language}|>" if kind == "speech" and language != "auto" else lang
    tags = [sp.piece_to_id(t) for t in (lang, emo, event, f"<|{textnorm}|>")]
    ids = sp.encode(expected)
    text_ids = ids[ids.index(tags[3]) + 1 :]
    if sp.decode(tags + text_ids) != expected:
        raise RuntimeError(f"{tags + text_ids} decodes to {sp.decode(tags + text_ids)!r}, not {expected!r}")
    return tags, text_ids


def train(args: argparse.Namespace, work: Path) -> dict:
    import torch
    import torch.nn.functional as F
    from funasr.utils.load_utils import extract_fbank

    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)

    tiny_model.build_model_dir(work, seed=args.seed, **MODEL_SHAPE)
    am = tiny_model.load_automodel(work, ncpu=args.threads)
    model, frontend, tokenizer = am.model, am.kwargs["frontend"], am.kwargs["tokenizer"]
    sp = tokenizer.sp
    n_params = sum(p.numel() for p in model.parameters())
    print(f"model: {n_params / 1e3:.0f} k parameters, vocabulary {sp.get_piece_size()}", flush=True)

    t0 = time.perf_counter()
    sampler = ClipSampler(rng, args.pool)
    print(f"generated clip pools in {time.perf_counter() - t0:.1f} s ({len(sampler.real)} real recordings)")

    classes = tiny_trained.CLASSES
    class_p = np.array([0.28, 0.18, 0.18, 0.18, 0.18])
    hints = [lang for lang in LID if lang != "auto"]
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=args.lr, total_steps=args.steps, pct_start=0.1, anneal_strategy="cos"
    )
    embed = model.embed
    speech_id, applause_id = sp.piece_to_id("<|Speech|>"), sp.piece_to_id("<|Applause|>")
    model.train()
    t_start = time.perf_counter()
    for step in range(1, args.steps + 1):
        kinds = rng.choice(len(classes), size=args.batch, p=class_p)
        clips, tag_rows, texts, langs, norms = [], [], [], [], []
        shares = []  # the Applause share of the event slot's target (0: the tag alone)
        for k in kinds:
            kind = classes[k]
            language = "auto" if rng.random() < 0.75 else hints[int(rng.integers(len(hints)))]
            textnorm = "woitn" if rng.random() < 0.75 else "withitn"
            share = 0.0
            if kind == "speech" and rng.random() < args.burst_share:
                clip, share = sampler.burst_over_speech()
            elif kind in ("applause", "laughter", "music") and rng.random() < args.short_share:
                clip = sampler.short_sound(kind)
            else:
                clip = sampler.sample(kind)
            tags, text_ids = target_ids(sp, kind, language, textnorm)
            clips.append(torch.from_numpy(clip))
            shares.append(share)
            tag_rows.append(tags)
            texts.append(text_ids)
            langs.append(LID[language])
            norms.append(TEXTNORM[textnorm])
        # features exactly as inference computes them; dither sometimes on (funasr's default)
        frontend.dither = 1.0 if rng.random() < 0.3 else 0.0
        with torch.no_grad():
            feats, feat_lens = extract_fbank(clips, data_type="sound", frontend=frontend)
        frontend.dither = 0.0
        b = feats.size(0)
        # queries in inference() order: language, event/emo (1, 2), text norm, then speech
        lang_q = embed(torch.tensor(langs)[:, None])
        event_emo_q = embed(torch.tensor([EVENT_EMO_QUERY])).repeat(b, 1, 1)
        norm_q = embed(torch.tensor(norms)[:, None])
        x = torch.cat([lang_q, event_emo_q, norm_q, feats], dim=1)
        enc, enc_lens = model.encoder(x, feat_lens + 4)
        logits = model.ctc.ctc_lo(enc)

        # the event slot's target is soft for a burst over speech: Applause with the share
        # of the clip the burst covers, Speech with the rest
        target = F.one_hot(torch.tensor(tag_rows), logits.size(-1)).float()
        share = torch.tensor(shares)
        target[:, 2, speech_id] -= share
        target[:, 2, applause_id] += share
        loss_tags = -(target * logits[:, :4].log_softmax(-1)).sum(-1).mean()
        log_probs = logits[:, 4:].log_softmax(-1).transpose(0, 1)
        flat = [i for t in texts for i in t]
        loss_ctc = (
            F.ctc_loss(
                log_probs,
                torch.tensor(flat, dtype=torch.long),
                (enc_lens - 4).long(),
                torch.tensor([len(t) for t in texts], dtype=torch.long),
                blank=0,
                reduction="sum",
                zero_infinity=True,
            )
            / b
        )
        # CTC alone spreads a lone "hello" thinly over all frames (no frame then beats
        # blank in greedy decoding); pin one valid alignment: text pieces right after
        # the tags (frames 4, 6, ...), blank everywhere else.
        align = torch.full(log_probs.shape[:2][::-1], -100, dtype=torch.long)
        for i, n in enumerate((enc_lens - 4).tolist()):
            align[i, :n] = 0
            for j, piece in enumerate(texts[i]):
                align[i, 2 * j] = piece
        loss_align = F.cross_entropy(logits[:, 4:].reshape(-1, logits.size(-1)), align.reshape(-1))
        loss = loss_tags + loss_ctc + loss_align
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        sched.step()
        if step == 1 or step % 50 == 0 or step == args.steps:
            elapsed = time.perf_counter() - t_start
            print(
                f"step {step:4d}  loss {loss.item():.4f}  (tags {loss_tags.item():.4f}, "
                f"ctc {loss_ctc.item():.4f}, align {loss_align.item():.4f})"
                f"  {elapsed:.1f} s",
                flush=True,
            )
    train_s = time.perf_counter() - t_start
    print(f"trained {args.steps} steps x {args.batch} clips in {train_s:.1f} s")
    model.eval()
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def evaluate(model_dir: Path, n_per_class: int, n_real: int, seed: int) -> float:
    """Accuracy of the exact raw text on fresh held-out clips through AutoModel.generate."""
    models = {0.0: tiny_model.load_automodel(model_dir)}
    clips = tiny_trained.heldout_clips(n_per_class=n_per_class, n_real=n_real, seed=seed)

    def run(label: str, clips, dither: float = 0.0, **opts) -> float:
        if dither not in models:
            models[dither] = tiny_model.load_automodel(model_dir, frontend_conf={"dither": dither})
        am = models[dither]
        language = opts.get("language", "auto")
        use_itn = opts.get("use_itn", False)
        t0 = time.perf_counter()
        results = am.generate(input=[c for _, c in clips], **opts)
        dt = time.perf_counter() - t0
        per_class: dict[str, list[bool]] = {}
        wrong = []
        for (kind, _), res in zip(clips, results, strict=True):
            ok = res["text"] == tiny_trained.expected_text(kind, language=language, use_itn=use_itn)
            per_class.setdefault(kind, []).append(ok)
            if not ok:
                wrong.append((kind, res["text"]))
        accs = {k: float(np.mean(v)) for k, v in per_class.items()}
        total = float(np.mean([ok for v in per_class.values() for ok in v]))
        print(
            f"eval [{label}] {len(clips)} clips in {dt:.1f} s: total {total:.1%}  "
            + "  ".join(f"{k} {a:.0%}" for k, a in accs.items())
        )
        for kind, text in wrong[:5]:
            print(f"    wrong: {kind}: {text!r}")
        return total

    accs = [
        run("language=auto, use_itn=False", clips, language="auto", use_itn=False),
        # exactly the clips tests/test_rig.py checks
        run("test set: heldout_clips()", tiny_trained.heldout_clips(), language="auto", use_itn=False),
    ]
    run("use_itn=True", clips, language="auto", use_itn=True)
    run("language=zh", clips, language="zh", use_itn=False)
    run("dither=1.0 (funasr default)", clips, dither=1.0, language="auto", use_itn=False)
    return min(accs)


def evaluate_events(model_dir: Path) -> bool:
    """Bursts over speech and short sounds in the quiet, through Cutmark's engine: a burst
    covering most of a clip says Applause, a small one leaves Speech winning with a raised
    Applause probability; a 0.3 s sound alone in 1 s of quiet says its event."""
    from desktop_app.core.model import Window
    from desktop_app.core.progress import drive
    from desktop_app.transcribe.engine import SenseVoiceEngine

    engine = SenseVoiceEngine(model_dir, "cpu", threads=1)
    ok = True
    for i, (length, share) in enumerate(
        [(3.0, 1.0), (3.0, 0.8), (2.0, 0.6), (3.0, 0.25), (14.0, 0.18), (6.0, 0.1)]
    ):
        clip = tiny_trained.burst_over_speech(length, length * (1 - share) / 2, length * share, 50_000 + i)
        (seg,) = drive(engine.transcribe(clip, [Window(0, 0, int(length * 1000), "speech")]))
        p = dict(seg.event_probs).get("Applause", 0.0)
        want = "Applause" if share >= 0.5 else "Speech"
        ok &= seg.event == want and seg.text == "hello" and (share >= 0.5 or p >= 0.005)
        print(
            f"burst over {share:.0%} of {length:g} s speech: {seg.event} (Applause p={p:.3f}), text {seg.text!r}"
        )
    for i, kind in enumerate(("applause", "laughter", "music")):
        quiet = signals.silence(1.0, 60_000 + i, level=1e-3).astype(np.float64)
        sound = signals.GENERATORS[kind](0.3, 60_100 + i)
        quiet[5600 : 5600 + len(sound)] += 0.5 * sound / (np.max(np.abs(sound)) + 1e-9)
        (seg,) = drive(engine.transcribe(quiet.astype(np.float32), [Window(0, 0, 1000, "gap")]))
        want = tiny_trained.TARGETS[kind][2][2:-2]
        ok &= seg.event == want
        print(f"0.3 s {kind} in 1 s of quiet: {seg.event}")
    return bool(ok)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=tiny_trained.TINY_MODEL_DIR)
    parser.add_argument("--steps", type=int, default=1200)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--pool", type=int, default=40, help="generated signals per class")
    parser.add_argument("--burst-share", type=float, default=0.3,
                        help="share of speech clips with an applause burst over part of them")  # fmt: skip
    parser.add_argument("--short-share", type=float, default=0.2,
                        help="share of applause/laughter/music clips that are a short sound in the quiet")  # fmt: skip
    # one thread: the model is tiny, and two OpenMP threads on a 2-core machine that is
    # also running anything else slow every step down ~100x
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--eval-per-class", type=int, default=20)
    parser.add_argument("--eval-real", type=int, default=10)
    parser.add_argument("--eval-only", action="store_true", help="evaluate --out without training")
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(args.threads)
    if args.eval_only:
        acc = evaluate(args.out, args.eval_per_class, args.eval_real, seed=7)
        return 0 if evaluate_events(args.out) and acc == 1.0 else 1
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        state = train(args, Path(tmp) / "model")
    tiny_model.build_model_dir(args.out, seed=args.seed, state_dict=state, **MODEL_SHAPE)
    size = sum(f.stat().st_size for f in args.out.iterdir())
    print(f"wrote {args.out} ({size / 1e6:.2f} MB) in {time.perf_counter() - t0:.1f} s total")
    acc = evaluate(args.out, args.eval_per_class, args.eval_real, seed=7)
    return 0 if evaluate_events(args.out) and acc == 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
