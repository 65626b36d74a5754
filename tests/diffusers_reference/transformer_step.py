#!/usr/bin/env python3
"""diffusers' PixArtTransformer2DModel step at true size with random weights, timed the way
`pixart-cli bench` times ours: the CFG batch of 2, 300 text tokens (20 and 1 real), float32,
`--threads` intra-op threads, median of the steps after one warm-up. Not part of the test suite:
docs/PERFORMANCE.md §1 compares it with `pixart-cli bench --mode compare` on the same machine.

Needs Debian's python3-torch (the same libtorch 1.13 and OpenBLAS the studio links) with the
modules diffusers imports at load (`apt-get install python3-torch python3-packaging
python3-filelock python3-regex python3-requests python3-pil python3-importlib-metadata
python3-tqdm python3-numpy python3-yaml`) and the diffusers v0.30.3 sources (`git archive v0.30.3 src/diffusers` of huggingface/diffusers); the
hub client, which Debian 12 does not package and a forward pass never calls, is stubbed here.

    /usr/bin/python3 tests/diffusers_reference/transformer_step.py \
        --diffusers-src DIR/src --config ../shared/models/configs/transformer_config_PixArt-Sigma-XL-2-1024-MS.json \
        --size 256 --steps 5 --threads 2
"""
import argparse
import json
import os
import statistics
import sys
import tempfile
import time

# Names only: diffusers imports these at module level; nothing here downloads or loads files.
_STUB = '''
__version__ = "0.24.0"
def _make(name):
    if name[:1].isupper():
        return type(name, (Exception,), {})
    def f(*args, **kwargs):
        if len(args) == 1 and callable(args[0]) and not kwargs:
            return args[0]  # a decorator
        raise RuntimeError("hub client stub: " + name + " is not available here")
    return f
def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return _make(name)
'''
_CONSTANTS = '''
import os
HF_HOME = os.path.expanduser("~/.cache/huggingface")
HUGGINGFACE_HUB_CACHE = os.path.join(HF_HOME, "hub")
HF_HUB_CACHE = HUGGINGFACE_HUB_CACHE
HF_HUB_OFFLINE = True
HF_HUB_DISABLE_TELEMETRY = True
DEFAULT_ETAG_TIMEOUT = 10
ENDPOINT = "https://huggingface.co"
def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return None
'''


def install_stubs(root):
    files = {
        "huggingface_hub/__init__.py": _STUB,
        "huggingface_hub/utils/__init__.py": _STUB,
        "huggingface_hub/file_download/__init__.py": _STUB,
        "huggingface_hub/constants/__init__.py": _CONSTANTS,
        "safetensors/__init__.py": '__version__ = "0.4.0"\n',
        "safetensors/torch/__init__.py": _STUB,
    }
    for path, text in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)
    sys.path.insert(0, root)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--diffusers-src", required=True, help="folder holding diffusers/")
    parser.add_argument("--config", required=True, help="transformer_config_*.json")
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as stubs:
        install_stubs(stubs)
        sys.path.insert(1, args.diffusers_src)
        import torch
        from diffusers.models.transformers.pixart_transformer_2d import PixArtTransformer2DModel

        torch.set_num_threads(args.threads)
        torch.manual_seed(0)
        with open(args.config) as f:
            config = {k: v for k, v in json.load(f).items() if not k.startswith("_")}
        model = PixArtTransformer2DModel(**config).eval()
        latent = args.size // 8
        x = torch.randn(2, config["in_channels"], latent, latent)
        text = torch.randn(2, 300, config["caption_channels"])
        mask = torch.zeros(2, 300)
        mask[0, :1] = 1  # the empty negative prompt: its end token
        mask[1, :20] = 1  # a 20-token prompt
        timestep = torch.tensor([999.0, 999.0])
        conditions = {"resolution": None, "aspect_ratio": None}
        a, b = torch.randn(2048, 2048), torch.randn(2048, 2048)

        def matmul_rate():
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                a @ b
                best = min(best, time.perf_counter() - start)
            return 2 * 2048**3 / best / 1e9

        rate = matmul_rate()
        seconds = []
        with torch.no_grad():
            for i in range(args.steps + 1):  # the first is the warm-up
                start = time.perf_counter()
                model(x, encoder_hidden_states=text, encoder_attention_mask=mask,
                      timestep=timestep, added_cond_kwargs=conditions, return_dict=False)
                if i > 0:
                    seconds.append(time.perf_counter() - start)
        rate = max(rate, matmul_rate())
        print(f"diffusers {args.size}x{args.size}: step median {statistics.median(seconds):.3f} s "
              f"(steps {', '.join('%.3f' % s for s in seconds)}); matmul {rate:.1f} GFLOP/s; "
              f"torch {torch.__version__}, {torch.get_num_threads()} threads")


if __name__ == "__main__":
    main()
