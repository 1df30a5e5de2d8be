"""Variant clusters, inconsistency ranking, collisions and the preferred-rendering rule."""

from __future__ import annotations

from glossary.clusters import cluster, fold
from glossary.ranking import PreferenceRule, inconsistency, propose_preferred, rank
from glossary.records import Observation, Source, TermEntry

PD = Source("000", "People's Daily", "2025-12-02")
XH = Source("001", "Xinhua News Agency", "2024-04-14")
XH2 = Source("003", "Xinhua News Agency", "2024-08-12")


def obs(term, text, source, evidence="aligned", score=0.9):
    return Observation(term, text, evidence, score, source, "zh" if evidence == "aligned" else "", f"... {text} ...")


def entry(term, observations, frequency=5):
    return TermEntry(term, "", "compound", frequency, 1.0, tuple(cluster(observations)), 0.0, "", "")


def test_variants_fold_and_different_renderings_stay_apart():
    assert fold("Five-Year Plan") == fold("five year plans") == "five year plan"
    assert fold("the Digital Villages") == fold("digital village")
    assert fold('"Clear and Bright"') == "clear and bright"
    assert fold("cyber power") != fold("network power")
    clusters = cluster([obs("十四五", "14th Five-Year Plan", PD), obs("十四五", "14th Five Year Plan", XH),
                        obs("十四五", "14th Five-Year Plan", XH2)])
    assert len(clusters) == 1
    assert clusters[0].text == "14th Five-Year Plan" and clusters[0].forms == (("14th Five-Year Plan", 2), ("14th Five Year Plan", 1))
    assert clusters[0].publishers == ("People's Daily", "Xinhua News Agency")
    assert (clusters[0].first_date, clusters[0].last_date) == ("2024-04-14", "2025-12-02")


def test_a_cluster_names_each_document_once_whatever_order_its_pairs_come_in():
    clusters = cluster([obs("网信", "cyberspace affairs", s) for s in (XH2, XH, XH, PD, XH, XH2)])
    assert clusters[0].documents == ("000", "001", "003") and clusters[0].count == 6


def test_aligned_and_inferred_evidence_are_never_mixed():
    clusters = cluster([obs("网络强国", "cyber power", PD), obs("网络强国", "cyber power", XH, "inferred", 0.5)])
    assert sorted(c.evidence for c in clusters) == ["aligned", "inferred"]


def test_inconsistency_grows_with_spread_and_is_zero_for_one_rendering():
    consistent = cluster([obs("数字经济", "digital economy", s) for s in (PD, XH, XH2)])
    assert inconsistency(consistent) == 0.0
    two = cluster([obs("网络强国", "cyber power", PD), obs("网络强国", "network power", XH)])
    three = cluster([obs("网络强国", "cyber power", PD), obs("网络强国", "network power", XH),
                     obs("网络强国", "strong internet country", XH2)])
    lopsided = cluster([obs("网络强国", "cyber power", PD)] * 5 + [obs("网络强国", "network power", PD)])
    assert inconsistency(three) > inconsistency(two) > inconsistency(lopsided) > 0


def test_one_everyday_word_weighs_half_of_a_phrase():
    """"against" beside "crackdown on abduction" is as likely the extractor's miss as a choice."""
    phrases = cluster([obs("打拐", "crackdown on abduction", PD), obs("打拐", "fight against trafficking", XH)])
    one_word = cluster([obs("打拐", "crackdown on abduction", PD), obs("打拐", "against", XH)])
    assert 0 < inconsistency(one_word) < inconsistency(phrases)


def test_one_phrase_around_different_names_is_one_rendering():
    """WMT22's 教授获颁: the extractor took in each professor's name; 教育部's Ministry against
    Department is a real disagreement, one word apart."""
    names = cluster([obs("教授获颁", f"Professor {n} was", s) for n, s in
                     (("Chen Kaixian", PD), ("Li Lanjuan", XH), ("Li Xiaoliang", XH2))])
    assert len(names) == 3 and inconsistency(names) == 0.0
    ministry = cluster([obs("教育部", "Ministry of Education", PD), obs("教育部", "Department of Education", XH)])
    assert inconsistency(ministry) > 0


def test_rank_puts_inconsistent_terms_first_and_finds_collisions():
    entries = [
        entry("数字经济", [obs("数字经济", "digital economy", s) for s in (PD, XH, XH2)]),
        entry("网络强国", [obs("网络强国", "leading cyber power", PD), obs("网络强国", "network power", XH, "inferred", 0.5),
                       obs("网络强国", "cyber power", XH2, "inferred", 0.5)]),
        entry("网络大国", [obs("网络大国", "network power", XH, "inferred", 0.5)]),
    ]
    ranked = rank(entries)
    assert [e.term for e in ranked][0] == "网络强国"
    strong, big = ranked[0], next(e for e in ranked if e.term == "网络大国")
    assert ("network power", ("网络大国",)) in strong.collisions and big.collisions == (("network power", ("网络强国",)),)
    # The collision is 网络强国's inconsistency (its minority rendering is another term's), not
    # 网络大国's, which is rendered one way throughout.
    assert big.score == 0.0
    assert strong.preferred == "leading cyber power" and strong.preferred_reason.startswith("aligned rendering")


def test_terms_sharing_their_main_rendering_are_synonyms_not_inconsistent():
    """澳大 and 澳门大学 are one university: both rendered "University of Macau" is right."""
    ranked = rank([entry("澳大", [obs("澳大", "University of Macau", PD)] * 3),
                   entry("澳门大学", [obs("澳门大学", "University of Macau", XH)] * 2)])
    assert all(e.collisions and e.score == 0.0 for e in ranked)


def test_one_phrase_in_another_inflection_is_one_rendering_a_derived_word_is_another():
    """WMT22's 重新下单 and 歧视亚裔 come as the sentence's grammar has them; WMT23's 两个确立
    "two established" against "two establishments" is a translator's choice."""
    inflected = cluster([obs("重新下单", "re-place the order", PD), obs("重新下单", "re-placed the order", XH),
                         obs("重新下单", "Re-placing the order", XH2)])
    assert len(inflected) == 3 and inconsistency(inflected) == 0.0
    carried = cluster([obs("开展", "carry out", PD), obs("开展", "carried out", XH), obs("开展", "stopped", XH2)]
                      + [obs("开展", "stop", PD), obs("开展", "stopping", XH)])
    assert len(carried) == 5 and inconsistency(carried) < inconsistency(cluster(
        [obs("开展", "carry out", PD), obs("开展", "launch", XH), obs("开展", "halt", XH2), obs("开展", "end", PD),
         obs("开展", "cease", XH)]))
    derived = cluster([obs("两个确立", "two established", PD), obs("两个确立", "two establishments", XH)])
    assert inconsistency(derived) > 0
    education = cluster([obs("继续教育", "continuing education", PD), obs("继续教育", "continuation of education", XH)])
    assert inconsistency(education) > 0


def test_coordinated_parts_in_another_order_are_one_rendering_and_clauses_weigh_less():
    swapped = cluster([obs("补水保湿", "hydrating and moisturizing", PD), obs("补水保湿", "moisturizing and hydrating", XH)])
    assert len(swapped) == 2 and inconsistency(swapped) == 0.0
    phrase = cluster([obs("产品包装", "product packaging", PD)] * 3 + [obs("产品包装", "packaging of products", XH)])
    clause = cluster([obs("产品包装", "product packaging", PD)] * 3 + [obs("产品包装", "product is packaged", XH)])
    assert inconsistency(clause) < inconsistency(phrase)


def test_nested_terms_share_renderings_without_collision():
    ranked = rank([entry("网信", [obs("网信", "cybersecurity and informatization", PD)]),
                   entry("网信事业", [obs("网信事业", "cybersecurity and informatization", PD)])])
    assert all(not e.collisions for e in ranked)


def test_preferred_rule_is_configurable():
    clusters = cluster([obs("t", "old form", XH), obs("t", "old form", XH2), obs("t", "new form", PD)])
    assert propose_preferred(clusters, PreferenceRule())[0] == "new form"  # most recent source
    assert propose_preferred(clusters, PreferenceRule(order="frequent"))[0] == "old form"
    preferred, why = propose_preferred(clusters, PreferenceRule(authority=("Xinhua News Agency",)))
    assert preferred == "old form" and "Xinhua News Agency" in why


def test_the_reason_for_a_proposal_names_a_readable_few_of_its_documents():
    unpublished = [obs("网信", "cyberspace affairs", Source(f"doc{n:05d}", "", "2025-01-01")) for n in range(5000)]
    _, why = propose_preferred(cluster(unpublished), PreferenceRule())
    assert "doc00000, doc00001" in why and "… (5,000 in all)" in why and "doc04999" not in why


def test_aligned_and_inferred_evidence_for_one_rendering_is_consistent():
    clusters = cluster([obs("数字经济", "digital economy", PD), obs("数字经济", "Digital Economy", XH, "inferred", 0.5)])
    assert len(clusters) == 2 and inconsistency(clusters) == 0.0


def test_the_main_rendering_is_the_weightiest_aligned_and_inferred_together():
    """澳大 also found inferred as "University of Macau" is still 澳门大学's synonym; 网络强国's
    main rendering by weight is "cyber power" (aligned), so its inferred "network power", 网络大国's
    one rendering, is a collision that counts."""
    macau = rank([entry("澳大", [obs("澳大", "University of Macau", PD)] * 3
                              + [obs("澳大", "University of Macau", XH, "inferred", 0.5)]),
                  entry("澳门大学", [obs("澳门大学", "University of Macau", XH)] * 2)])
    assert all(e.score == 0.0 for e in macau)
    strong = [obs("网络强国", "cyber power", PD)] * 2 + [obs("网络强国", "network power", XH, "inferred", 0.5)] * 4
    with_collision = rank([entry("网络强国", strong), entry("网络大国", [obs("网络大国", "network power", XH)])])
    alone = rank([entry("网络强国", strong)])
    assert with_collision[0].term == "网络强国" and with_collision[0].score > alone[0].score


def test_coordination_keeps_its_conjunction_and_finite_verbs_are_read_from_the_text():
    from glossary.ranking import _likeness

    assert _likeness("a and b", "b and a", "a and b", "b and a") == 1.0
    assert _likeness("a and b", "b or a", "a and b", "b or a") == 0.0
    assert _likeness("exchange & return", "return & exchange", "exchange & return", "return & exchange") == 1.0
    does = cluster([obs("t", "product packaging", PD)] * 3 + [obs("t", "what the product does", XH)])
    plain = cluster([obs("t", "product packaging", PD)] * 3 + [obs("t", "what the product wrapping", XH)])
    assert inconsistency(does) < inconsistency(plain)
