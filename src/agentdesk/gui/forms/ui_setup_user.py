# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'setup_user.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QComboBox, QFormLayout, QGroupBox,
    QLabel, QLineEdit, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget, QWizardPage)

class Ui_SetupUserPage(object):
    def setupUi(self, SetupUserPage):
        if not SetupUserPage.objectName():
            SetupUserPage.setObjectName(u"SetupUserPage")
        self.main_layout = QVBoxLayout(SetupUserPage)
        self.main_layout.setSpacing(10)
        self.main_layout.setObjectName(u"main_layout")
        self.choose_group = QGroupBox(SetupUserPage)
        self.choose_group.setObjectName(u"choose_group")
        self.choose_form = QFormLayout(self.choose_group)
        self.choose_form.setObjectName(u"choose_form")
        self.user_label = QLabel(self.choose_group)
        self.user_label.setObjectName(u"user_label")

        self.choose_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.user_label)

        self.user_combo = QComboBox(self.choose_group)
        self.user_combo.setObjectName(u"user_combo")

        self.choose_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.user_combo)


        self.main_layout.addWidget(self.choose_group)

        self.create_group = QGroupBox(SetupUserPage)
        self.create_group.setObjectName(u"create_group")
        self.create_form = QFormLayout(self.create_group)
        self.create_form.setObjectName(u"create_form")
        self.login_label = QLabel(self.create_group)
        self.login_label.setObjectName(u"login_label")

        self.create_form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.login_label)

        self.login_edit = QLineEdit(self.create_group)
        self.login_edit.setObjectName(u"login_edit")

        self.create_form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.login_edit)

        self.name_label = QLabel(self.create_group)
        self.name_label.setObjectName(u"name_label")

        self.create_form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.name_label)

        self.name_edit = QLineEdit(self.create_group)
        self.name_edit.setObjectName(u"name_edit")

        self.create_form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.name_edit)

        self.email_label = QLabel(self.create_group)
        self.email_label.setObjectName(u"email_label")

        self.create_form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.email_label)

        self.email_edit = QLineEdit(self.create_group)
        self.email_edit.setObjectName(u"email_edit")
        self.email_edit.setPlaceholderText(u"sato@example.com")

        self.create_form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.email_edit)

        self.role_label = QLabel(self.create_group)
        self.role_label.setObjectName(u"role_label")

        self.create_form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.role_label)

        self.role_combo = QComboBox(self.create_group)
        self.role_combo.setObjectName(u"role_combo")

        self.create_form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.role_combo)

        self.team_label = QLabel(self.create_group)
        self.team_label.setObjectName(u"team_label")

        self.create_form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.team_label)

        self.team_edit = QLineEdit(self.create_group)
        self.team_edit.setObjectName(u"team_edit")
        self.team_edit.setText(u"support")

        self.create_form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.team_edit)


        self.main_layout.addWidget(self.create_group)

        self.hint_label = QLabel(SetupUserPage)
        self.hint_label.setObjectName(u"hint_label")
        self.hint_label.setWordWrap(True)
        self.hint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.main_layout.addWidget(self.hint_label)

        self.spacer = QSpacerItem(20, 10, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.main_layout.addItem(self.spacer)

#if QT_CONFIG(shortcut)
        self.user_label.setBuddy(self.user_combo)
        self.login_label.setBuddy(self.login_edit)
        self.name_label.setBuddy(self.name_edit)
        self.email_label.setBuddy(self.email_edit)
        self.role_label.setBuddy(self.role_combo)
        self.team_label.setBuddy(self.team_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.user_combo, self.login_edit)
        QWidget.setTabOrder(self.login_edit, self.name_edit)
        QWidget.setTabOrder(self.name_edit, self.email_edit)
        QWidget.setTabOrder(self.email_edit, self.role_combo)
        QWidget.setTabOrder(self.role_combo, self.team_edit)

        self.retranslateUi(SetupUserPage)

        QMetaObject.connectSlotsByName(SetupUserPage)
    # setupUi

    def retranslateUi(self, SetupUserPage):
        SetupUserPage.setTitle(QCoreApplication.translate("SetupUserPage", u"Who you are", None))
        SetupUserPage.setSubTitle(QCoreApplication.translate("SetupUserPage", u"agentdesk signs you in as one of the users of the routing database.", None))
        self.choose_group.setTitle(QCoreApplication.translate("SetupUserPage", u"Sign in as", None))
        self.user_label.setText(QCoreApplication.translate("SetupUserPage", u"User", None))
        self.create_group.setTitle(QCoreApplication.translate("SetupUserPage", u"Create the first user", None))
        self.login_label.setText(QCoreApplication.translate("SetupUserPage", u"Login", None))
        self.login_edit.setPlaceholderText(QCoreApplication.translate("SetupUserPage", u"e.g. sato", None))
        self.name_label.setText(QCoreApplication.translate("SetupUserPage", u"Full name", None))
        self.name_edit.setPlaceholderText(QCoreApplication.translate("SetupUserPage", u"as customers see it in signatures", None))
        self.email_label.setText(QCoreApplication.translate("SetupUserPage", u"Email address", None))
        self.role_label.setText(QCoreApplication.translate("SetupUserPage", u"Role", None))
        self.team_label.setText(QCoreApplication.translate("SetupUserPage", u"Team", None))
    # retranslateUi

