import BankFormats
import QuizModel
import Testing

@testable import PaperAssembly

@Suite("key.csv read back: answers, rules, located problems")
struct AnswerKeyTests {
    @Test func everyTypeAndRuleIsRead() throws {
        let text = """
            version,number,id,type,answer,points,rule
            A,1,q1,single,C,2,
            A,2,q2,multiple,"A,C",3,per-option:1
            A,3,q3,truefalse,错,1,
            A,4,q4,fill,甲;甲乙|丙,4,any-order
            A,5,q5,short,公道(2);正派,10,
            A,6,q6,short,"答出要点即可，言之成理。",10,by-hand
            B,1,q9,multiple,BD,3,

            """
        let key = try AnswerKey.parse(text).get()
        #expect(key.versions == ["A", "B"])
        #expect(key.entry(version: "A", number: 1)?.answer == .choices([2]))
        #expect(key.entry(version: "A", number: 2)?.rule == .perOption(1))
        #expect(key.entry(version: "A", number: 2)?.answer == .choices([0, 2]))
        #expect(key.entry(version: "A", number: 3)?.answer == .trueFalse(false))
        #expect(key.entry(version: "A", number: 4)?.answer == .blanks([Blank(["甲", "甲乙"]), Blank(["丙"])], anyOrder: true))
        #expect(key.entry(version: "A", number: 5)?.answer == .keywords([Keyword("公道", weight: 2), Keyword("正派")]))
        #expect(key.entry(version: "A", number: 6)?.answer == .reference("答出要点即可，言之成理。"))
        #expect(key.entry(version: "B", number: 1)?.rule == .allOrNothing)
        #expect(key.entry(version: "B", number: 2) == nil)
    }

    @Test func filesWithoutTheRuleColumnStillRead() throws {
        let key = try AnswerKey.parse("version,number,id,type,answer,points\r\nA,1,q1,multiple,AB,2\r\n").get()
        #expect(key.entry(version: "A", number: 1)?.rule == .allOrNothing)
    }

    @Test(arguments: [
        ("", "1:1 the key is empty"),
        ("id,answer\n", "1:1 expected the header version,number,id,type,answer,points,rule,order, found id,answer"),
        ("version,number,id,type,answer,points,rule\nA,1,q1,single,C\n", "2:6 expected 7 fields, found 5"),
        ("version,number,id,type,answer,points,rule\nA,x,q1,single,C,2,\n", "2:2 number \"x\" is not a positive whole number"),
        ("version,number,id,type,answer,points,rule\nA,1,q1,choice,C,2,\n", "2:4 type \"choice\" is not single, multiple, truefalse, fill or short"),
        ("version,number,id,type,answer,points,rule\nA,1,q1,single,AC,2,\n", "2:5 answer \"AC\" is not one option letter"),
        ("version,number,id,type,answer,points,rule\nA,1,q1,multiple,A?,2,\n", "2:5 answer \"A?\" is not option letters"),
        ("version,number,id,type,answer,points,rule\nA,1,q1,truefalse,maybe,2,\n", "2:5 answer \"maybe\" is not true/false (对/错)"),
        ("version,number,id,type,answer,points,rule\nA,1,q1,single,A,-1,\n", "2:6 points \"-1\" is not a number within 0…100000"),
        ("version,number,id,type,answer,points,rule\nA,1,q1,single,A,1e308,\n", "2:6 points \"1e308\" is not a number within 0…100000"),
        ("version,number,id,type,answer,points,rule\nA,1,q1,single,A,2147483648,\n", "2:6 points \"2147483648\" is not a number within 0…100000"),
        ("version,number,id,type,answer,points,rule\nA,1,q1,multiple,AB,2,some\n", "2:7 multiple-choice rule \"some\" is not all, half, per-option:VALUE or net"),
        ("version,number,id,type,answer,points,rule\nA,1,q1,single,A,2,half\n", "2:7 rule \"half\" does not apply to this type"),
        ("version,number,id,type,answer,points,rule\nA,1,q1,fill,甲||乙,2,\n", "2:5 fill answer \"甲||乙\" has an empty blank"),
        ("version,number,id,type,answer,points,rule\nA,1,q1,short,词(x),2,\n", "2:5 keyword weight \"x\" is not a positive number"),
        ("version,number,id,type,answer,points,rule\nA,1,q1,single,A,2,\nA,1,q2,single,B,2,\n", "3:2 version A item 1 appears twice"),
        ("version,number,id,type,answer,points,rule\nA,1,q1,single,\"A,2,\n", "2:5 a quoted field is not closed"),
        ("version,number,id,type,answer,points,rule,order\nA,1,q1,single,A,2,,AAC\n", "2:8 option order \"AAC\" must name each option letter once"),
        ("version,number,id,type,answer,points,rule,order\nA,1,q1,single,A,2,,BD\n", "2:8 option order \"BD\" must name each option letter once"),
        ("version,number,id,type,answer,points,rule,order\nA,1,q1,truefalse,对,2,,AB\n", "2:8 option order \"AB\" must name each option letter once"),
    ])
    func malformedKeysAreLocated(text: String, expected: String) {
        switch AnswerKey.parse(text) {
        case .success: Issue.record("accepted: \(text)")
        case .failure(let problems):
            let first = problems.problems[0]
            #expect("\(first.row):\(first.column) \(first.english)" == expected)
            #expect(!first.chinese.isEmpty)
        }
    }

    @Test func everyBadRowIsReported() throws {
        let text = "version,number,id,type,answer,points,rule\nA,1,q1,single,Z?,2,\nA,2,q2,single,B,2,\nA,3,q3,truefalse,perhaps,1,\n"
        guard case .failure(let problems) = AnswerKey.parse(text) else {
            Issue.record("accepted")
            return
        }
        #expect(problems.problems.map { "\($0.row):\($0.column)" } == ["2:5", "4:5"])
    }

    @Test func rulesHaveAOneWordForm() {
        for rule in [MultipleChoiceRule.allOrNothing, .halfForSubset, .net, .perOption(0.5), .perOption(2)] {
            #expect(MultipleChoiceRule(text: rule.text) == rule)
        }
        #expect(MultipleChoiceRule(text: "per-option=1.5") == .perOption(1.5))
        #expect(MultipleChoiceRule(text: "per-option") == nil)
        #expect(MultipleChoiceRule(text: "per-option:-1") == nil)
        #expect(MultipleChoiceRule(text: "most") == nil)
    }
}
