/// The parse tree of a template: text, actions and the control structures built from pipelines.
indirect enum TemplateNode: Sendable {
    case text(String)
    case action(TemplatePipeline)
    /// `if`/`with`: the body runs (with dot rebound for `with`) when the pipeline is true; `else if` nests here.
    case conditional(isWith: Bool, TemplatePipeline, body: [TemplateNode], otherwise: [TemplateNode])
    case range(TemplatePipeline, body: [TemplateNode], otherwise: [TemplateNode])
}

/// `$x := a | f b`: optional variable declarations (or assignment) and the commands piped together.
struct TemplatePipeline: Sendable {
    var variables: [String] = []
    var isAssignment = false
    var commands: [TemplateCommand] = []
    var pos: Int
}

/// One stage of a pipeline: a function call or a single operand.
struct TemplateCommand: Sendable {
    var operands: [TemplateOperand]
    var pos: Int
    /// Go's rendering of the command for error context (`humanize "abc"`).
    var source: String
}

/// An argument or the head of a command.
indirect enum TemplateOperand: Sendable {
    case function(String)
    case dot
    case variable(String, fields: [String])
    case field([String])
    case pipeline(TemplatePipeline, fields: [String])
    case string(String)
    case int(Int)
    case float(Double)
    case bool(Bool)
    case nilValue
}
