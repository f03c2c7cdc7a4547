console.log("backbone-lens CLI (in progress)");
