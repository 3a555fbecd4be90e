internal import PrometheusModel

/// Runs a parse tree against Prometheus's template data, producing text or a Go-worded error.
struct TemplateExecutor {
    let name: String
    let text: [UInt8]
    let data: TemplateData
    private var variables: [(name: String, value: TemplateValue)]
    private(set) var output = ""

    init(name: String, text: [UInt8], data: TemplateData) {
        self.name = name
        self.text = text
        self.data = data
        variables = [("$", .data(data))]
    }

    mutating func run(_ nodes: [TemplateNode], dot: TemplateValue) throws(TemplateExecutionError) {
        for node in nodes {
            switch node {
            case .text(let string): output += string
            case .action(let pipeline):
                let value = try evaluate(pipeline, dot: dot)
                if pipeline.variables.isEmpty { output += value.printed }
            case .conditional(let isWith, let pipeline, let body, let otherwise):
                let mark = variables.count
                let value = try evaluate(pipeline, dot: dot)
                if value.isTrue {
                    try run(body, dot: isWith ? value : dot)
                } else {
                    try run(otherwise, dot: dot)
                }
                variables.removeLast(variables.count - mark)
            case .range(let pipeline, let body, let otherwise):
                try runRange(pipeline, body: body, otherwise: otherwise, dot: dot)
            }
        }
    }

    private mutating func runRange(
        _ pipeline: TemplatePipeline, body: [TemplateNode], otherwise: [TemplateNode], dot: TemplateValue
    ) throws(TemplateExecutionError) {
        var declared = pipeline
        declared.variables = []
        let over = try evaluate(declared, dot: dot)
        let items: [(TemplateValue, TemplateValue)]
        switch over {
        case .labels(let labels): items = labels.map { (.string($0.name), .string($0.value)) }
        case .samples(let samples): items = samples.enumerated().map { (.int($0.offset), .sample($0.element)) }
        case .map(let entries): items = entries.keys.sorted().map { (.string($0), entries[$0]!) }
        case .int(let count): items = (0..<max(count, 0)).map { (.int($0), .int($0)) }
        case .missing, .nilValue: items = []
        default: throw failure("range can't iterate over \(over.printed)", at: pipeline.pos, context: pipeline.commands.last?.source ?? "")
        }
        if items.isEmpty { return try run(otherwise, dot: dot) }
        for (key, element) in items {
            let mark = variables.count
            switch pipeline.variables.count {
            case 1: variables.append((pipeline.variables[0], element))
            case 2: variables.append(contentsOf: [(pipeline.variables[0], key), (pipeline.variables[1], element)])
            default: break
            }
            try run(body, dot: element)
            variables.removeLast(variables.count - mark)
        }
    }

    mutating func evaluate(_ pipeline: TemplatePipeline, dot: TemplateValue) throws(TemplateExecutionError) -> TemplateValue {
        var value: TemplateValue? = nil
        for command in pipeline.commands {
            value = try evaluate(command, dot: dot, piped: value)
        }
        let result = value ?? .missing
        if pipeline.isAssignment {
            for name in pipeline.variables {
                if let slot = variables.lastIndex(where: { $0.name == name }) { variables[slot].value = result }
            }
        } else if !pipeline.variables.isEmpty {
            variables.append((pipeline.variables[0], result))
        }
        return result
    }

    private mutating func evaluate(_ command: TemplateCommand, dot: TemplateValue, piped: TemplateValue?) throws(TemplateExecutionError) -> TemplateValue {
        guard case .function(let function) = command.operands[0] else {
            if command.operands.count > 1 || piped != nil {
                throw failure("can't give argument to non-function \(command.source)", at: command.pos, context: command.source)
            }
            return try operand(command.operands[0], dot: dot, command: command)
        }
        let arguments = command.operands.dropFirst()
        if function == "and" || function == "or" {
            return try logical(function, arguments, final: piped, dot: dot, command: command)
        }
        var values: [TemplateValue] = []
        for argument in arguments { values.append(try operand(argument, dot: dot, command: command)) }
        if let piped { values.append(piped) }
        do {
            return try TemplateFunctions.call(function, values, data: data)
        } catch {
            let reason = error.builtin ? error.message : "error calling \(function): \(error.message)"
            throw failure(reason, at: command.pos, context: command.source)
        }
    }

    /// `and`/`or` stop at the first argument that decides the result, as Go 1.18+ does.
    private mutating func logical(
        _ function: String, _ arguments: ArraySlice<TemplateOperand>, final: TemplateValue?, dot: TemplateValue, command: TemplateCommand
    ) throws(TemplateExecutionError) -> TemplateValue {
        guard arguments.count + (final == nil ? 0 : 1) >= 1 else {
            throw failure("wrong number of args for \(function): want at least 1 got 0", at: command.pos, context: command.source)
        }
        var last = TemplateValue.missing
        for argument in arguments {
            last = try operand(argument, dot: dot, command: command)
            if last.isTrue == (function == "or") { return last }
        }
        return final ?? last
    }

    private mutating func operand(_ operand: TemplateOperand, dot: TemplateValue, command: TemplateCommand) throws(TemplateExecutionError) -> TemplateValue {
        do {
            switch operand {
            case .function(let function): return try TemplateFunctions.call(function, [], data: data)
            case .dot: return dot
            case .string(let value): return .string(value)
            case .int(let value): return .int(value)
            case .float(let value): return .float(value)
            case .bool(let value): return .bool(value)
            case .nilValue: throw FunctionError("nil is not a command", builtin: true)
            case .field(let fields): return try chain(dot, fields)
            case .variable(let name, let fields):
                let value = variables.last { $0.name == name }?.value ?? .missing
                return try chain(value, fields)
            case .pipeline(let inner, let fields): return try chain(evaluate(inner, dot: dot), fields)
            }
        } catch let error as FunctionError {
            throw failure(error.builtin ? error.message : "error calling \(command.source): \(error.message)", at: command.pos, context: command.source)
        } catch let error as TemplateExecutionError {
            if error.message.hasPrefix("template: ") { throw error }
            throw failure(error.message, at: command.pos, context: command.source)
        } catch {
            throw failure("\(error)", at: command.pos, context: command.source)
        }
    }

    private func chain(_ start: TemplateValue, _ fields: [String]) throws(TemplateExecutionError) -> TemplateValue {
        var value = start
        for field in fields { value = try value.field(field) }
        return value
    }

    /// Go's `template: NAME:LINE:COL: executing "NAME" at <CONTEXT>: MESSAGE`.
    private func failure(_ message: String, at pos: Int, context: String) -> TemplateExecutionError {
        let before = text[..<min(pos, text.count)]
        let line = 1 + before.filter { $0 == 10 }.count
        let column = before.lastIndex(of: 10).map { pos - ($0 + 1) } ?? pos
        return TemplateExecutionError(message: "template: \(name):\(line):\(column): executing \"\(name)\" at <\(context)>: \(message)")
    }
}
