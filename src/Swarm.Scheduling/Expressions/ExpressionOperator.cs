namespace Swarm.Scheduling.Expressions;

public enum ExpressionOperator
{
    Equal,
    NotEqual,
}
