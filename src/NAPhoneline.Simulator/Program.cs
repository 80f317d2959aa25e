Console.WriteLine("NAPhoneline phone simulator");
