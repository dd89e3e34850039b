"""PyTorch baseline for the bench's T5 workloads, on the same machine and the same model shape.

Uses the PyTorch reference T5 of tools/fixtures/t5/reference_t5.py (a mirror of Hugging Face's
modeling_t5.py; eval-mode, i.e. no dropout) in the layout of `t5-train-ref`: d_model 256, d_ff 1024
ReLU, 4 heads x d_kv 64, 4 + 4 layers, vocab 4096, tied embeddings; batch 16, input 64, target 8.
Prints one JSON line per workload, like `npm run bench -- <workload>`.

Run (Debian's torch; see tools/fixtures/t5/README.md for the install):
    OMP_WAIT_POLICY=PASSIVE PYENV_VERSION=system python3 tools/bench/torch/t5_ref.py [threads]
"""
import json
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "t5"))
from reference_t5 import T5Config, T5Reference  # noqa: E402

B, TIN, TOUT = 16, 64, 8


def timed(fn, warmup=2, reps=5):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    cfg = T5Config(vocab_size=4096, d_model=256, d_kv=64, d_ff=1024, num_layers=4, num_heads=4,
                   feed_forward_proj="relu", decoder_start_token_id=0)
    model = T5Reference(cfg)
    model.train()
    inputs = torch.randint(2, 4096, (B, TIN))
    labels = torch.randint(2, 4096, (B, TOUT))
    mask = torch.ones_like(inputs)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)

    def loss_fn():
        enc, _ = model.encode(inputs, mask)
        logits, _, _ = model.decode(model.shift_right(labels), enc, mask)
        return F.cross_entropy(logits.view(-1, logits.shape[-1]), labels.view(-1), ignore_index=-100)

    def train_step():
        optimizer.zero_grad()
        loss = loss_fn()
        loss.backward()
        optimizer.step()

    def forward():
        with torch.no_grad():
            loss_fn()

    params = sum(p.numel() for p in model.parameters())
    for name, fn, tokens in (("t5-train-ref", train_step, B * (TIN + TOUT)), ("t5-forward-ref", forward, B * (TIN + TOUT))):
        samples = timed(fn)
        ms = statistics.median(samples)
        print(json.dumps({"workload": name, "backend": "pytorch", "threads": threads, "msPerStep": round(ms, 1),
                          "tokensPerSecond": round(tokens / ms * 1000), "samplesMs": [round(s) for s in samples],
                          "batch": B, "inputLength": TIN, "targetLength": TOUT, "parameters": params}), flush=True)


if __name__ == "__main__":
    main()
