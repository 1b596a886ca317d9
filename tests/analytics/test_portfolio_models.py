"""Engagements scored on different models: the portfolio shows one model's levels at a time and says so.

Three engagements on the mini model, two on the 0-3 firm03 model (``two_models``). The
default is the model most engagements use; the others are counted, named and one option
away (``--model``, the screen's Model box); ``--model all`` lists every engagement on
its own primary model.
"""

from __future__ import annotations

import json

import pytest

from app.analytics import PortfolioFilter, filter_rows
from app.analytics.portfolio import default_model, domain_columns, model_counts, other_models
from app.cli import main
from app.content import load_content
from app.services.portfolio import load_portfolio, portfolio_as_json, portfolio_models
from app.storage.database import open_database
from app.storage.repository import Repository
from tests.analytics.two_models import fill_two_models, two_model_content


@pytest.fixture
def two(tmp_path, monkeypatch):
    monkeypatch.setenv("OMM_DATA_DIR", str(tmp_path / "data"))
    content = two_model_content(tmp_path / "content")
    url = f"sqlite:///{tmp_path / 'omm.db'}"
    repo = Repository(open_database(url))
    ids = fill_two_models(repo)
    yield load_content(content), repo, ids, url, content
    repo.db.close()


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([*args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_most_used_model_is_the_default_and_the_others_are_counted(two):
    library, repo, ids, _url, _content = two
    portfolio = load_portfolio(library, repo)
    assert model_counts(portfolio.rows) == {"mini": 3, "firm03": 2}
    assert default_model(portfolio.rows) == "mini"
    assert other_models(portfolio.rows, "mini") == {"firm03": 2}
    assert other_models(portfolio.rows, "firm03") == {"mini": 3}
    assert [(m.model_id, m.name, m.engagements) for m in portfolio_models(portfolio)] == [
        ("mini", "Mini model", 3), ("firm03", "Firm operations model", 2)]
    firm = filter_rows(portfolio.rows, PortfolioFilter(model_id="firm03"))
    assert sorted(r.engagement_name for r in firm) == ["Firm review West", "Firm review 东方"]
    assert [d.id for d in domain_columns(firm, portfolio.shapes, "firm03")] == ["ops", "gov"]
    # on its own model, every firm03 engagement has its domain levels (no blanks)
    assert all(r.levels_for("firm03").domains["ops"] is not None for r in firm)


def test_portfolio_json_lists_the_chosen_models_levels_and_every_model(two):
    library, repo, ids, _url, _content = two
    portfolio = load_portfolio(library, repo)
    default = portfolio_as_json(portfolio)
    assert {r["engagement"] for r in default} == {"Harbour Bank 2025", "Harbour Bank 2024", "Northwind review"}
    assert {r["model"]["id"] for r in default} == {"mini"}
    firm = portfolio_as_json(portfolio, model_id="firm03")
    east = next(r for r in firm if r["engagement"] == "Firm review 东方")
    assert east["model"] == {"id": "firm03", "version": "1.0"} and set(east["domains"]) == {"ops", "gov"}
    assert east["models"] == [{"id": "firm03", "version": "1.0", "overall": east["overall"],
                               "coverage": east["coverage"], "domains": east["domains"]}]
    every = portfolio_as_json(portfolio, model_id="all")
    assert len(every) == 5 and {r["model"]["id"] for r in every} == {"mini", "firm03"}


def test_omm_portfolio_defaults_to_the_most_used_model_and_says_what_it_leaves_out(two, capsys):
    _library, _repo, _ids, url, content = two
    code, out, err = run(capsys, "portfolio", "--db", url, "--content", str(content))
    lines = out.splitlines()
    assert code == 0 and len(lines) == 4
    assert all("Firm review" not in line for line in lines[:3])
    assert lines[3] == ("2 engagement(s) scored on other models not listed: firm03 (2); --model ID lists them, "
                        "--model all lists every engagement")
    code, out, err = run(capsys, "portfolio", "--model", "firm03", "--db", url, "--content", str(content))
    assert code == 0 and [line for line in out.splitlines() if "Firm review" in line] == out.splitlines()[:2]
    assert "3 engagement(s) scored on other models not listed: mini (3)" in out
    code, out, err = run(capsys, "portfolio", "--model", "all", "--db", url, "--content", str(content))
    assert code == 0 and len(out.splitlines()) == 5 and "[firm03]" in out and "[mini]" in out
    code, out, err = run(capsys, "portfolio", "--json", "--db", url, "--content", str(content))
    assert len(json.loads(out)) == 3  # stdout is the JSON alone; the note goes to stderr
    assert err.startswith("note: 2 engagement(s) scored on other models not listed: firm03 (2)")
    code, out, err = run(capsys, "portfolio", "--model", "nosuch", "--db", url, "--content", str(content))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "no engagement is scored on model 'nosuch'; models in use: mini, firm03 (or all)" in err
