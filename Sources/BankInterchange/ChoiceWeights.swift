import QuizModel

/// Moodle's answer weights (GIFT `%50%`, XML `fraction="50"`) read as kaoxue's choice questions: one full-credit
/// option is single choice; several options sharing 100 % are multiple choice, and their penalties give the rule:
/// −100 % (Moodle's usual weights: a wrong option loses everything) leaves the rule to the paper, equal smaller
/// penalties are the `net` rule. Weights kaoxue cannot hold are reported, never silently read as something else.
struct ChoiceWeights {
    typealias Message = LocatedMessage

    var right: [Int] = []
    var single = true
    var rule: MultipleChoiceRule?
    var warnings: [Message] = []
    var failure: Message?

    /// `single`: Moodle XML's `<single>` says whether the question is single choice; nil lets the weights tell.
    init(_ weights: [Double], at location: ConversionLocation, optionLocations: [ConversionLocation], single declared: Bool? = nil) {
        let full = weights.indices.filter { abs(weights[$0] - 100) < 0.001 }
        let positive = weights.indices.filter { weights[$0] > 0 }
        guard !positive.isEmpty else {
            failure = Message(location: location, chinese: "没有正确答案（满分或正权重的选项）", english: "no right answer (an option with full or positive credit)")
            return
        }
        let wrong = weights.indices.filter { weights[$0] <= 0 }
        if declared ?? (full.count == 1), full.count == 1 {
            for index in positive where index != full[0] {
                warnings.append(Message(
                    location: optionLocations[index], chinese: "单选题选项的部分得分（\(formatPoints(weights[index]))%）无法保存，按错误选项处理",
                    english: "partial credit (\(formatPoints(weights[index]))%) on a single-choice option cannot be kept: read as wrong"))
            }
            if wrong.contains(where: { weights[$0] < 0 }) {
                warnings.append(Message(location: location, chinese: "单选题错误选项的扣分无法保存", english: "penalties on wrong single-choice options cannot be kept"))
            }
            right = full
            return
        }
        if declared == true {
            failure = Message(location: location, chinese: "单选题应恰有一个满分选项", english: "a single-choice question needs exactly one full-credit option")
            return
        }
        single = false
        right = positive
        let k = Double(positive.count)
        // Equal shares are equal whatever they are written as (%33.333%, %33.33%); weights within half a point of
        // each other (33 beside 33.33333) are read as equal, as Moodle's "nearest grade" import reads them, with a
        // warning; only unequal ones have no rule.
        let rightWeights = positive.map { weights[$0] }
        guard let lowest = rightWeights.min(), let highest = rightWeights.max(), highest - lowest < 0.5 else {
            warnings.append(Message(
                location: location, chinese: "正确选项的权重不相等，无法对应评分规则，按试卷的多选规则评分",
                english: "the right options' weights differ: no scoring rule matches, the paper's rule applies"))
            return
        }
        if highest - lowest >= 0.01 {
            let written = Set(rightWeights.map { ChoiceWeights.text($0) + "%" }).sorted()
            warnings.append(Message(
                location: location, chinese: "正确选项的权重 \(written.joined(separator: "、")) 近似相等，按平均分配读取",
                english: "the right options' weights \(written.joined(separator: ", ")) are nearly equal: read as equal shares"))
        }
        let total = weights[positive[0]] * k
        if abs(total - 100) > 1 {
            warnings.append(Message(
                location: location, chinese: "正确选项的权重合计 \(formatPoints(total))%，按平均分配的满分读取",
                english: "the right options' weights add up to \(formatPoints(total))%: read as equal shares of full credit"))
        }
        if wrong.isEmpty || wrong.allSatisfy({ weights[$0] <= -99.999 }) { return }
        if let penalty = wrong.first.map({ weights[$0] }), penalty < 0, wrong.allSatisfy({ abs(weights[$0] - penalty) < 0.01 }) {
            rule = .net
            if abs(-penalty - 100 / k) > 0.01 {
                warnings.append(Message(
                    location: location, chinese: "错误选项扣 \(ChoiceWeights.text(-penalty))%，kaoxue 的 net 规则按每项 \(ChoiceWeights.text(100 / k))% 扣分",
                    english: "wrong options deduct \(ChoiceWeights.text(-penalty))%; kaoxue's net rule deducts \(ChoiceWeights.text(100 / k))% each"))
            }
            return
        }
        warnings.append(Message(
            location: location, chinese: "错误选项的权重无法对应评分规则，按试卷的多选规则评分",
            english: "the wrong options' weights match no scoring rule: the paper's rule applies"))
    }

    /// The weights a writer gives `rule` for `rightCount` right options: (right, wrong), as Moodle writes them.
    static func weights(rule: MultipleChoiceRule?, rightCount: Int) -> (right: Double, wrong: Double) {
        let share = 100 / Double(rightCount)
        return (share, rule == .net ? -share : -100)
    }

    /// A weight with at most five decimals, as Moodle writes them: 50, 33.33333, 14.28571.
    static func text(_ value: Double) -> String {
        var text = String(format: "%.5f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
