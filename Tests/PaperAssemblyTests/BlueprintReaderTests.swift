import QuizModel
import RulesFiles
import Testing

@testable import PaperAssembly

@Suite("Blueprint files")
struct BlueprintReaderTests {
    @Test func shippedSampleReads() throws {
        let blueprint = try BlueprintReader.read(yaml: try fixtureText("monthly.yaml"))
        #expect(blueprint.title == "组工业务知识月度测试")
        #expect(blueprint.timeLimitMinutes == 20)
        #expect(blueprint.versions == 2)
        #expect(blueprint.maxOverlap == 0.6)
        #expect(blueprint.sections.map(\.type) == [.single, .multiple, .trueFalse, .fill, .short])
        #expect(blueprint.points == 100)
        #expect(blueprint.questionCount == 23)
        #expect(blueprint.sections[0].topics == [
            .init(topic: "自身建设", range: CountRange(min: 3, max: 10)),
            .init(topic: "干部工作", range: CountRange(min: 2, max: 10)),
        ])
        #expect(blueprint.sections[1].rule == .halfForSubset)
        #expect(blueprint.sections[1].difficulty == [.init(level: .easy, range: CountRange(min: 0, max: 2))])
        #expect(blueprint.difficulty == .mean(target: 2.8, tolerance: 0.4))
        #expect(blueprint.instructions?.hasPrefix("1. 本卷为闭卷考试") == true)
    }

    @Test func everyProblemIsLocated() throws {
        let yaml = try fixtureText("broken.yaml")
        do {
            _ = try BlueprintReader.read(yaml: yaml)
            Issue.record("the broken blueprint was accepted")
        } catch {
            let found = error.diagnostics.map { "\($0.line):\($0.column) \($0.path): \($0.english)" }
            #expect(found == [
                "2:1 versoins: unknown key (did you mean versions?)",
                "5:11 sections[0].type: unknown question type \"singel\" (single, multiple, trueFalse, fill, short)",
                "9:12 sections[1].count: expected a whole number from 1 to 10000",
                "14:11 sections[2].rule: a marking rule applies to multiple-choice sections only",
                "3:13 totalScore: the sections add up to 20, not 50",
                "18:23 sections[3].topics.干部工作/选拔任用: topics 干部工作 and 干部工作/选拔任用 overlap: bound one level of the topic tree only",
            ])
        }
    }

    @Test(arguments: [
        ("", "1:1 : the file is empty"),
        ("title: [unclosed", "2:1 : YAML: did not find expected ',' or ']'"),
        ("title: x\nsections: []\n", "2:11 sections: a blueprint needs a list of sections"),
        ("title: x\nsections:\n  - {type: multiple, count: 2, points: 2, rule: per-option}\n",
         "3:49 sections[0].value: per-option needs a value: points per correct option"),
        ("title: x\nsections:\n  - {type: single, count: 2, points: 2}\ntopics: {干部工作: {share: 1.5}}\n",
         "4:24 topics.干部工作: a share between 0 and 1"),
    ])
    func malformedBlueprints(yaml: String, expected: String) {
        do {
            _ = try BlueprintReader.read(yaml: yaml)
            Issue.record("accepted: \(yaml)")
        } catch {
            let first = error.diagnostics.first.map { "\($0.line):\($0.column) \($0.path): \($0.english)" }
            #expect(first == expected)
        }
    }

    @Test func sharesBecomeCountRanges() throws {
        let yaml = "title: x\nsections:\n  - {type: single, count: 10, points: 1, topics: {甲: {share: 0.25}}}\n"
        let blueprint = try BlueprintReader.read(yaml: yaml)
        #expect(blueprint.sections[0].topics[0].range == CountRange(min: 2, max: 3))
    }

    @Test func newKeysAndChineseWordings() throws {
        let yaml = """
            title: x
            parallel: false
            script: 繁体
            sections:
              - {type: 多选题, count: 4, points: 2, rule: 少选得一半分, difficulty: {mean: 3.5, tolerance: 0.2}}
              - {type: single, count: 6, points: 1, rule: null}
            topics: {甲: 2}
            difficulty: {难: 1}
            """
        do {
            _ = try BlueprintReader.read(yaml: yaml)
            Issue.record("a rule on a single-choice section was accepted")
        } catch {
            #expect(error.diagnostics.map(\.chinese) == ["评分规则只用于多选题大题"])
        }
        let blueprint = try BlueprintReader.read(yaml: yaml.replacingOccurrences(of: ", rule: null", with: ""))
        #expect(blueprint.parallel == false)
        #expect(blueprint.script == .traditional)
        #expect(blueprint.sections[0].rule == .halfForSubset)
        #expect(blueprint.sections[0].meanDifficulty == .init(target: 3.5, tolerance: 0.2))
        // Paper-wide topics and difficulty counts together are read (the solver holds both).
        #expect(blueprint.topics.count == 1)
        #expect(blueprint.difficulty == .counts([.init(level: .hard, range: .exactly(1))]))
        #expect(try BlueprintReader.read(yaml: "title: x\nsections: [{type: multiple, count: 2, points: 1, rule: 每选对一项得0.5分}]").sections[0].rule == .perOption(0.5))
    }

    @Test func everyProblemInOneRoundInChinese() throws {
        let yaml = "titel: x\nsections:\n  - {type: single, count: 2, pionts: 1}\n  - {type: fill, count: -1, points: 1}\nscript: latin\n"
        let failure = try #require(throws: RulesReadFailure.self) { try BlueprintReader.read(yaml: yaml) }
        #expect(failure.diagnostics.map { $0.rendered(file: "b.yaml", language: .zhHans) } == [
            "b.yaml:1:1: 错误：titel: 未知的键（是不是 title？）",
            "b.yaml:1:1: 错误：title: 细目表需要标题（title）",
        ])
        let titled = "title: x\n" + yaml.dropFirst("titel: x\n".count)
        let others = try #require(throws: RulesReadFailure.self) { try BlueprintReader.read(yaml: titled) }
        #expect(others.diagnostics.map { $0.rendered(file: "b.yaml", language: .zhHans) } == [
            "b.yaml:5:9: 错误：script: 应为 hans（简体）或 hant（繁体）",
            "b.yaml:3:30: 错误：sections[0].pionts: 未知的键（是不是 points？）",
            "b.yaml:3:5: 错误：sections[0].points: 每个大题都需要每题分值（points）",
            "b.yaml:4:25: 错误：sections[1].count: 应为 1–10000 的整数",
        ])
    }
}
