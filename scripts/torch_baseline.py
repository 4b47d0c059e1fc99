#!/usr/bin/env python3
"""The PyTorch side of `lectern bench speed --baseline PYTHON`.

Trains, on the CPU, the models Lectern's speed benchmark trains, the same way: the deep
auto-encoder 784-128-64-32-64-128-784 (ReLU, sigmoid output, per-pixel MSE), the VAE 784-400-20
(ReLU, Bernoulli decoder on logits, negative ELBO per image), the conv auto-encoder (two 3x3
stride-2 convolutions 1-16-32 and two transposed ones back, sigmoid output, MSE), all with Adam
1e-3 and batches of 128, one epoch over the first --samples training images (a third of them for
the conv auto-encoder); then PCA with 32 components of all 60,000 training images (covariance
and a symmetric eigendecomposition). It writes what it measured as JSON for `lectern bench`:

    {"deep_ae_mse": {"epoch1_samples_per_s": ...}, "vae_400_20": {...}, "conv_ae": {...},
     "pca_32": {"torch_cov_eigh": {"seconds": ...}}, "threads": 1, "torch": "2.x"}

A Python with torch:  python3 -m venv .venv-torch && .venv-torch/bin/pip install torch
Data: Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist).
"""
import argparse
import gzip
import json
import os
import time

parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("--threads", type=int, default=1, help="CPU threads for torch and its BLAS")
parser.add_argument("--samples", type=int, default=30_000, help="training images per timed epoch")
parser.add_argument("--epochs", type=int, default=1, help="epochs per model; the first is the one reported")
parser.add_argument("--only", default="ae,vae,conv,pca", help="comma-separated subset of ae,vae,conv,pca")
parser.add_argument("--json", default="", help="write the figures to this file")
parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
options = parser.parse_args()

# The BLAS libraries read their thread counts when they load, so these go before the imports.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = str(options.threads)

import torch  # noqa: E402
from torch import nn  # noqa: E402
from torch.nn import functional as F  # noqa: E402

torch.set_num_threads(options.threads)


def read_images(path):
    """An IDX file of 28x28 images as a float32 tensor [n, 784] in [0, 1]."""
    with gzip.open(path, "rb") as file:
        raw = file.read()
    count = int.from_bytes(raw[4:8], "big")
    pixels = torch.frombuffer(bytearray(raw[16:16 + count * 784]), dtype=torch.uint8)
    return pixels.reshape(count, 784).float() / 255.0


class DeepAutoencoder(nn.Module):
    def __init__(self, sizes=(784, 128, 64, 32)):
        super().__init__()
        down = [layer for a, b in zip(sizes, sizes[1:]) for layer in (nn.Linear(a, b), nn.ReLU())]
        widths = sizes[::-1]
        up = [layer for a, b in zip(widths, widths[1:]) for layer in (nn.Linear(a, b), nn.ReLU())]
        up[-1] = nn.Sigmoid()
        self.net = nn.Sequential(*down, *up)

    def loss(self, x):
        return F.mse_loss(self.net(x), x)


class VariationalAutoencoder(nn.Module):
    def __init__(self, hidden=400, latent=20):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(784, hidden), nn.ReLU())
        self.mean = nn.Linear(hidden, latent)
        self.log_variance = nn.Linear(hidden, latent)
        self.decoder = nn.Sequential(nn.Linear(latent, hidden), nn.ReLU(), nn.Linear(hidden, 784))

    def loss(self, x):
        h = self.trunk(x)
        mean, log_variance = self.mean(h), self.log_variance(h)
        z = mean + torch.randn_like(mean) * torch.exp(0.5 * log_variance)
        reconstruction = F.binary_cross_entropy_with_logits(self.decoder(z), x, reduction="sum")
        kl = -0.5 * torch.sum(1 + log_variance - mean.pow(2) - log_variance.exp())
        return (reconstruction + kl) / x.shape[0]


class ConvAutoencoder(nn.Module):
    def __init__(self, channels=(16, 32)):
        super().__init__()
        c1, c2 = channels
        self.net = nn.Sequential(
            nn.Conv2d(1, c1, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(c1, c2, 3, stride=2, padding=1), nn.ReLU(),
            nn.ConvTranspose2d(c2, c1, 3, stride=2, padding=1, output_padding=1), nn.ReLU(),
            nn.ConvTranspose2d(c1, 1, 3, stride=2, padding=1, output_padding=1), nn.Sigmoid(),
        )

    def loss(self, x):
        images = x.view(-1, 1, 28, 28)
        return F.mse_loss(self.net(images), images)


def samples_per_second(model, images, epochs, name):
    """Adam 1e-3, shuffled batches of 128 taken by slicing (no DataLoader); samples/s of each epoch."""
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    order_stream = torch.Generator().manual_seed(0)
    rates = []
    for epoch in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(images.shape[0], generator=order_stream)
        for first in range(0, images.shape[0], 128):
            loss = model.loss(images[order[first:first + 128]])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        rates.append(images.shape[0] / (time.perf_counter() - start))
        print(f"{name} epoch {epoch + 1}: {rates[-1]:.0f} samples/s, last batch loss {loss.item():.4f}", flush=True)
    return {"epoch1_samples_per_s": rates[0], "samples": images.shape[0]}


def pca_seconds(images, components=32):
    """Seconds to centre the data, form its covariance and take the top eigenvectors."""
    start = time.perf_counter()
    centred = images - images.mean(0)
    covariance = centred.T @ centred / images.shape[0]
    _, vectors = torch.linalg.eigh(covariance)
    top = vectors.flip(1)[:, :components].contiguous()
    seconds = time.perf_counter() - start
    print(f"PCA-{components}: {seconds:.3f} s", flush=True)
    assert top.shape == (784, components)
    return {"torch_cov_eigh": {"seconds": seconds}}


def main():
    wanted = set(options.only.split(","))
    train = read_images(os.path.join(options.data, "train-images-idx3-ubyte.gz"))
    subset = train[: options.samples]
    results = {"threads": options.threads, "torch": torch.__version__}
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), {subset.shape[0]} images", flush=True)
    models = [
        ("ae", "deep_ae_mse", "deep AE", DeepAutoencoder, subset),
        ("vae", "vae_400_20", "VAE", VariationalAutoencoder, subset),
        ("conv", "conv_ae", "conv AE", ConvAutoencoder, subset[: options.samples // 3]),
    ]
    for short, key, name, model, images in models:
        if short in wanted:
            torch.manual_seed(0)
            results[key] = samples_per_second(model(), images, options.epochs, name)
    if "pca" in wanted:
        results["pca_32"] = pca_seconds(train)
    if options.json:
        with open(options.json, "w") as file:
            json.dump(results, file, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
