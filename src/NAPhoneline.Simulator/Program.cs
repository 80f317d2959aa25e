namespace NAPhoneline.Simulator;

public static class SimulatorProgram
{
    public static int Main() => 0;
}
