from desktop_app.entry import main

raise SystemExit(main())
