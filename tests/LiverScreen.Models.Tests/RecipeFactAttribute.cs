namespace LiverScreen.Models.Tests;

/// <summary>
/// A fact that runs the Python training recipe. Skipped (with the reason) where Python lacks PyTorch / onnx, except
/// under CI=true, where it runs and fails: CI never passes by skipping the recipe.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RecipeFactAttribute : FactAttribute
{
    public RecipeFactAttribute(bool needsTorch = true)
    {
        if (TestServers.TestEnvironment.IsCi)
            return;
        if (!RecipeEnvironment.IsAvailable(needsTorch, out var reason))
            Skip = $"Training recipe cannot run here: {reason}. Under CI=true this test fails instead.";
    }
}
