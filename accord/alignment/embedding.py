"""The offline text-embedding model behind candidate discovery (A1).

`wordllama` ships its weights and tokenizer inside the package, so Accord loads them from the
package's own folder with downloads disabled: discovery works on a machine with no network.
The model is loaded once per process, on first use, under a lock (web servers run threads).

This module knows nothing of Django: it turns texts into unit-length float32 vectors.
"""

import hashlib
import importlib.util
import threading
from pathlib import Path

import numpy as np

# The one place that names the model. OrganizationVector.model_name stores MODEL_NAME, so a
# change here makes every stored vector stale and discovery recomputes them.
MODEL_CONFIG = "l2_supercat"
DIMENSIONS = 256
MODEL_NAME = f"wordllama/{MODEL_CONFIG}/{DIMENSIONS}"
DTYPE = np.float32


def package_folder() -> Path:
    """The installed wordllama package's folder, which holds its weights and tokenizer."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None or spec.origin is None:
        raise RuntimeError("The wordllama package is not installed.")
    return Path(spec.origin).parent


def load_options() -> dict:
    """The arguments of WordLlama.load: the package's own files, never a download."""
    return {
        "config": MODEL_CONFIG,
        "dim": DIMENSIONS,
        "cache_dir": package_folder(),
        "disable_download": True,
    }


_model = None
_lock = threading.Lock()


def get_model():
    """The loaded model, loading it on first use (thread-safe, once per process)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                # Imported here: the import alone costs half a second that pages without
                # discovery should not pay.
                from wordllama import WordLlama

                _model = WordLlama.load(**load_options())
    return _model


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Scale each row to unit length (the model's vectors are not); all-zero rows stay zero."""
    vectors = np.asarray(vectors, dtype=DTYPE)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length vectors of `texts`, one row each; an empty text gets a zero row."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=DTYPE)
    return normalise(get_model().embed(list(texts)))


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=DTYPE).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=DTYPE)


def text_hash(text: str) -> str:
    """The SHA-256 of the exact text embedded: a changed hash means a stale vector."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
