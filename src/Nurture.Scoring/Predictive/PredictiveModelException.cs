namespace Nurture.Scoring.Predictive;

/// <summary>
/// A predictive model that cannot be used: missing, corrupt, or not one of ours. Callers drop the
/// predictive part and carry on; rule scoring never depends on it.
/// </summary>
public sealed class PredictiveModelException(string message, Exception? inner = null) : Exception(message, inner);
