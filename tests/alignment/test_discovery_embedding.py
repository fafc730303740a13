"""The offline embedding model behind candidate discovery (A1): loading, vectors, text."""

import subprocess
import sys
from pathlib import Path

import numpy as np

from accord.alignment import embedding
from accord.alignment.services.discovery import organization_sentences, organization_text
from accord.directory.models import Organization

ROOT = Path(__file__).resolve().parents[2]


class TestModel:
    def test_loads_the_weights_shipped_in_the_package_with_downloads_disabled(self):
        options = embedding.load_options()
        assert options["disable_download"] is True
        folder = Path(options["cache_dir"])
        assert (folder / "__init__.py").exists() and folder.name == "wordllama"
        weights = f"{embedding.MODEL_CONFIG}_{embedding.DIMENSIONS}.safetensors"
        assert (folder / "weights" / weights).exists()
        model = embedding.get_model()
        assert model is embedding.get_model()  # loaded once per process
        assert model.embedding.shape[1] == embedding.DIMENSIONS

    def test_works_with_no_network(self):
        # A fresh interpreter in which every attempt to open a network connection fails.
        script = (
            "import sys\n"
            "def guard(event, args):\n"
            "    if event in ('socket.connect', 'socket.getaddrinfo', 'socket.bind'):\n"
            "        raise OSError('network used: ' + event)\n"
            "sys.addaudithook(guard)\n"
            "from accord.alignment import embedding\n"
            "vectors = embedding.embed(['Mentoring students', 'Bread and pastries'])\n"
            "assert vectors.shape == (2, embedding.DIMENSIONS)\n"
            "print('offline ok')\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "HF_HUB_OFFLINE": "1"},
        )
        assert result.returncode == 0, result.stderr
        assert "offline ok" in result.stdout

    def test_vectors_are_unit_length_float32_and_deterministic(self):
        texts = ["Broaden participation in civil engineering.", "We bake bread every morning."]
        first = embedding.embed(texts)
        again = embedding.embed(texts)
        alone = embedding.embed(texts[:1])
        assert first.dtype == np.float32 and first.shape == (2, embedding.DIMENSIONS)
        assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
        assert np.array_equal(first, again)
        assert np.allclose(first[0], alone[0], atol=1e-6)  # the batch does not change a vector
        raw = embedding.get_model().embed(texts)
        assert not np.allclose(np.linalg.norm(raw, axis=1), 1.0)  # why Accord normalises

    def test_empty_text_is_a_zero_vector_not_a_division_by_zero(self):
        vectors = embedding.embed(["", "Equity"])
        assert not vectors[0].any()
        assert np.isclose(np.linalg.norm(vectors[1]), 1.0)

    def test_bytes_round_trip_and_text_hash(self):
        vector = embedding.embed(["Equity in engineering"])[0]
        data = embedding.to_bytes(vector)
        assert len(data) == embedding.DIMENSIONS * 4
        assert np.array_equal(embedding.from_bytes(data), vector)
        assert embedding.text_hash("a") == embedding.text_hash("a") != embedding.text_hash("a ")
        assert len(embedding.text_hash("")) == 64


class TestOrganizationText:
    ORGANIZATION = Organization(
        name="Text Example",
        mission="We mentor students. We also “fund scholarships.” Then we follow up!",
        vision="",
        values_statement="  Integrity first.  ",
        values=["Access", " ", "Belonging"],
        jedi_practices="Reports demographics.\nRuns accessible events",
    )

    def test_text_joins_the_non_empty_parts_in_order(self):
        assert organization_text(self.ORGANIZATION) == (
            "We mentor students. We also “fund scholarships.” Then we follow up!\n\n"
            "Integrity first.\n\nAccess, Belonging\n\n"
            "Reports demographics.\nRuns accessible events"
        )
        assert organization_text(Organization(name="Silent")) == ""

    def test_sentences_are_exact_pieces_of_the_text(self):
        sentences = organization_sentences(self.ORGANIZATION)
        assert sentences == [
            "We mentor students.",
            "We also “fund scholarships.”",
            "Then we follow up!",
            "Integrity first.",
            "Access, Belonging",
            "Reports demographics.",
            "Runs accessible events",
        ]
        text = organization_text(self.ORGANIZATION)
        assert all(sentence in text for sentence in sentences)
